// `gamelift-connect events <fleet-id>`: a fleet's events, newest first (DescribeFleetEvents, paged).
import { FleetId, type FleetEvent } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { table, withApi } from './daemon-api';
import { isoTime, parseCount, parseSince } from './triage-format';

export const eventsCommand: Command = {
  name: 'events',
  summary: "List a fleet's events, newest first: crashes, failures, state changes (those with a log are marked).",
  usage: '<fleet-id> [--since T (ISO time, or 30m, 2h, 7d)] [--limit N] [--json]',
  options: { since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const fleetId = context.positionals[0];
    if (!fleetId || context.positionals.length > 1) throw new UsageError('expected <fleet-id>');
    if (!FleetId.safeParse(fleetId).success) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
    const since = typeof context.options.since === 'string' ? parseSince(context.options.since) : undefined;
    const limit = parseCount('limit', context.options.limit, 50, 10_000);
    const { events, more } = await withApi(context, async (api) => {
      const all: FleetEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await api.call('listFleetEvents', { fleetId, limit: Math.min(100, limit - all.length), ...(since !== undefined ? { since } : {}), ...(nextToken ? { nextToken } : {}) });
        all.push(...page.events);
        nextToken = page.nextToken;
      } while (nextToken && all.length < limit);
      return { events: all, more: nextToken !== undefined };
    });
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify({ events, more }, null, 2)}\n`);
      return 0;
    }
    const rows = events.map((e) => [isoTime(e.time), e.severity === 'info' ? '' : e.severity.toUpperCase(), e.code, e.computeName ?? '', e.hasLog ? 'log' : '', e.message.replace(/\s+/g, ' ')]);
    context.stdout.write(table([['TIME', 'LEVEL', 'EVENT', 'COMPUTE', 'LOG', 'MESSAGE'], ...rows]));
    if (more) context.stderr.write(`More events than the ${events.length} shown: use --limit or --since.\n`);
    return 0;
  },
};
