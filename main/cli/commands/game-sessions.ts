// `gamelift-connect game-sessions <fleet-id> [<compute>]`: game sessions of a fleet or one compute.
import { ComputeName, FleetId, GameSessionStatus } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { table, withApi } from './daemon-api';
import { isoTime, parseCount, shortGameSession } from './triage-format';

export const gameSessionsCommand: Command = {
  name: 'game-sessions',
  summary: "List a fleet's game sessions (or one compute's), newest first: status, port, players, why they ended.",
  usage: `<fleet-id> [<compute>] [--location L] [--status ${GameSessionStatus.options.join('|')}] [--limit N] [--json]`,
  options: { location: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const [fleetId, computeName] = context.positionals;
    if (!fleetId || context.positionals.length > 2) throw new UsageError('expected <fleet-id> [<compute>]');
    if (!FleetId.safeParse(fleetId).success) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
    if (computeName !== undefined && !ComputeName.safeParse(computeName).success) throw new UsageError(`"${computeName}" is not a compute name or instance ID`);
    const status = context.options.status === undefined ? undefined : GameSessionStatus.safeParse(context.options.status);
    if (status && !status.success) throw new UsageError(`--status takes one of ${GameSessionStatus.options.join(', ')}`);
    const location = typeof context.options.location === 'string' ? context.options.location : undefined;
    const limit = parseCount('limit', context.options.limit, 200, 1000);
    const result = await withApi(context, (api) =>
      api.call('listGameSessions', { fleetId, limit, ...(computeName ? { computeName } : {}), ...(location ? { location } : {}), ...(status?.success ? { status: status.data } : {}) }),
    );
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const rows = result.gameSessions.map((g) => [
      shortGameSession(g.gameSessionId),
      g.name ?? '',
      g.status,
      g.statusReason ?? '',
      g.computeName ?? '',
      g.location,
      g.port === undefined ? '' : String(g.port),
      `${g.currentPlayers}/${g.maxPlayers}`,
      isoTime(g.createdAt),
    ]);
    context.stdout.write(table([['GAME SESSION', 'NAME', 'STATUS', 'REASON', 'COMPUTE', 'LOCATION', 'PORT', 'PLAYERS', 'CREATED'], ...rows]));
    if (result.truncated) context.stderr.write(`More game sessions than the ${result.gameSessions.length} shown: use --limit, --status or --location.\n`);
    return 0;
  },
};
