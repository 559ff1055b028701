// `gamelift-connect save-log`: a game session's log (GetGameSessionLogUrl) or a fleet event's
// (its PreSignedLogUrl), saved by the daemon; prints where. The link itself is never shown.
import { resolve } from 'node:path';
import { FleetId, GameSessionId } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { withApi } from './daemon-api';

export const saveLogCommand: Command = {
  name: 'save-log',
  summary: "Save a game session's log, or a fleet event's, and print where (the app's data dir, or --out).",
  usage: '<game-session-arn> | <fleet-id> <event-id>  [--out PATH (a file or a folder)] [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const [first, second] = context.positionals;
    if (!first || context.positionals.length > 2) throw new UsageError('expected <game-session-arn>, or <fleet-id> <event-id>');
    const out = typeof context.options.out === 'string' && context.options.out !== '' ? { path: resolve(context.options.out) } : {};
    let saved;
    if (second === undefined) {
      if (!first.startsWith('arn:') || !GameSessionId.safeParse(first).success) throw new UsageError(`"${first}" is not a game session ARN; for a fleet event give <fleet-id> <event-id>`);
      saved = await withApi(context, (api) => api.call('getGameSessionLog', { gameSessionId: first, ...out }));
    } else {
      if (!FleetId.safeParse(first).success) throw new UsageError(`"${first}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
      saved = await withApi(context, (api) => api.call('downloadFleetEventLog', { fleetId: first, eventId: second, ...out }));
    }
    context.stdout.write(context.options.json ? `${JSON.stringify(saved, null, 2)}\n` : `${saved.path}\n`);
    return 0;
  },
};
