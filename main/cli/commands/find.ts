// `gamelift-connect find <text>`: from a game session or player session ID, a player ID, an IP
// address or DNS name, a fleet or a compute to the fleet, location, compute and port to connect to.
import { FindKind } from '../../../preload/contract';
import type { Command } from '../command';
import { CliError, UsageError } from '../cli-error';
import { table, withApi } from './daemon-api';
import { shortGameSession } from './triage-format';

export const findTargetCommand: Command = {
  name: 'find',
  summary: 'Find the compute behind a game session, player session, player, IP address or DNS name, fleet or compute.',
  usage: `<text> [--kind ${FindKind.options.join('|')}] [--json]`,
  options: { kind: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const text = context.positionals[0];
    if (!text || context.positionals.length > 1) throw new UsageError('expected <text>: a game session ID or ARN, player session ID, player ID, IP address, DNS name, fleet or compute');
    const kindOption = context.options.kind;
    const kind = kindOption === undefined ? undefined : FindKind.safeParse(kindOption);
    if (kind && !kind.success) throw new UsageError(`--kind takes one of ${FindKind.options.join(', ')}`);
    const result = await withApi(context, (api) => api.call('find', { text, ...(kind?.success ? { kind: kind.data } : {}) }));
    for (const note of result.notes) context.stderr.write(`${note}\n`);
    if (result.partial) context.stderr.write('The search was partial: some fleets or locations were not searched.\n');
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else if (result.matches.length > 0) {
      const rows = result.matches.map((m) => [
        m.matchedAs,
        m.fleetId,
        m.location ?? '',
        m.computeName ?? '',
        m.port === undefined ? '' : String(m.port),
        m.status ?? '',
        m.gameSession ? `${m.gameSession.currentPlayers}/${m.gameSession.maxPlayers}` : '',
        m.gameSession ? shortGameSession(m.gameSession.gameSessionId) : '',
        m.playerSession ? `${m.playerSession.playerId ?? ''} ${m.playerSession.playerSessionId}`.trim() : '',
      ]);
      context.stdout.write(table([['MATCH', 'FLEET', 'LOCATION', 'COMPUTE', 'PORT', 'STATUS', 'PLAYERS', 'GAME SESSION', 'PLAYER'], ...rows]));
      const first = result.matches.find((m) => m.connect && m.connect.access !== 'none');
      if (first?.connect) context.stdout.write(`\nConnect: gamelift-connect shell ${first.connect.fleetId} ${first.connect.computeName}\n`);
    }
    if (result.matches.length === 0) throw new CliError(`Nothing found for "${text}"${result.partial ? ' in what could be searched' : ''}.`, 1, 'Check the Region and profile (--region, --profile), or say what the text is with --kind.', 'NotFound');
    return 0;
  },
};
