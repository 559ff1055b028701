// The command registry: one line per command.
import type { Command } from '../command';
import { shellCommand } from './shell';
import { forwardCommand } from './forward';
import { webCommand } from './web';

export const commands: Command[] = [
  shellCommand,
  forwardCommand,
  webCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
