// The command registry: one line per command.
import type { Command } from '../command';
import { shellCommand } from './shell';
import { forwardCommand } from './forward';
import { fleetsCommand } from './fleets';
import { computesCommand } from './computes';
import { rdpCommand } from './rdp';
import { sessionsCommand } from './sessions';
import { endCommand } from './end';
import { daemonCommand } from './daemon';
import { webCommand } from './web';
import { findTargetCommand } from './find';
import { eventsCommand } from './events';
import { gameSessionsCommand } from './game-sessions';
import { endGameSessionCommand } from './end-game-session';
import { saveLogCommand } from './save-log';
import { followCommand } from './follow';
import { healthCommand } from './health';
import { getCommand, putCommand } from './transfer';
import { lsCommand } from './ls';
import { collectCommand } from './collect';
import { loginCommand } from './login';

export const commands: Command[] = [
  shellCommand,
  forwardCommand,
  webCommand,
  fleetsCommand,
  computesCommand,
  rdpCommand,
  getCommand,
  putCommand,
  lsCommand,
  collectCommand,
  sessionsCommand,
  endCommand,
  findTargetCommand,
  gameSessionsCommand,
  endGameSessionCommand,
  eventsCommand,
  healthCommand,
  saveLogCommand,
  followCommand,
  loginCommand,
  daemonCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
