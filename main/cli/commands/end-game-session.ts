// `gamelift-connect end-game-session <game-session-id>`: TerminateGameSession (server SDK 5 fleets).
import { GameSessionId } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { withApi } from './daemon-api';
import { shortGameSession } from './triage-format';

export const endGameSessionCommand: Command = {
  name: 'end-game-session',
  summary: 'End a game session: its server process is asked to end (OnProcessTerminate), or stopped at once with --force.',
  usage: '<game-session-arn> [--force] [--json]',
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const gameSessionId = context.positionals[0];
    if (!gameSessionId || context.positionals.length > 1) throw new UsageError('expected <game-session-arn>');
    if (!GameSessionId.safeParse(gameSessionId).success || !gameSessionId.startsWith('arn:')) {
      throw new UsageError(`"${gameSessionId}" is not a game session ARN (arn:aws:gamelift:<region>::gamesession/<fleet>/…); "gamelift-connect find" turns an ID into one`);
    }
    const mode = context.options.force === true ? 'force' : 'graceful';
    const session = await withApi(context, (api) => api.call('terminateGameSession', { gameSessionId, mode }));
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(session, null, 2)}\n`);
      return 0;
    }
    const how = mode === 'force' ? 'stopped at once (FORCE_TERMINATE)' : 'asked to end (TRIGGER_ON_PROCESS_TERMINATE)';
    context.stdout.write(`Game session ${shortGameSession(session.gameSessionId)} on ${session.computeName ?? session.fleetId}: ${how}; now ${session.status}.\n`);
    return 0;
  },
};
