// `gamelift-connect health <fleet-id>`: why a fleet is in ERROR or not ACTIVE yet, from its latest events.
import { FleetId } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { withApi } from './daemon-api';
import { isoTime } from './triage-format';

export const healthCommand: Command = {
  name: 'health',
  summary: "Say why a fleet is in ERROR or not ACTIVE yet (or its latest problem), from its events.",
  usage: '<fleet-id> [--json]',
  options: { json: { type: 'boolean' } },
  async run(context) {
    const fleetId = context.positionals[0];
    if (!fleetId || context.positionals.length > 1) throw new UsageError('expected <fleet-id>');
    if (!FleetId.safeParse(fleetId).success) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
    const health = await withApi(context, (api) => api.call('fleetHealth', { fleetId }));
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(health, null, 2)}\n`);
      return 0;
    }
    context.stdout.write(`${health.name} (${health.fleetId}): ${health.status}\n${health.summary}\n`);
    if (health.reason) {
      const r = health.reason;
      context.stdout.write(`\n${isoTime(r.time)}  ${r.code}${r.computeName ? `  on ${r.computeName}` : ''}${r.hasLog ? `\n  log: gamelift-connect save-log ${health.fleetId} ${r.eventId}` : ''}\n`);
    }
    return 0;
  },
};
