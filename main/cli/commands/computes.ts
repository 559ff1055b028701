// `gamelift-connect computes <fleet-id>`: what one can connect to in a fleet, per location.
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { table, withApi } from './daemon-api';

export const computesCommand: Command = {
  name: 'computes',
  summary: 'List a fleet\'s computes or instances (all locations, or one with --location).',
  usage: '<fleet-id> [--location L] [--refresh] [--json]',
  options: { location: { type: 'string' }, refresh: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const fleetId = context.positionals[0];
    if (!fleetId || context.positionals.length > 1) throw new UsageError('expected <fleet-id>');
    const location = typeof context.options.location === 'string' ? context.options.location : undefined;
    const { targets } = await withApi(context, (api) =>
      api.call('listTargets', { fleetId, refresh: context.options.refresh === true, ...(location ? { location } : {}) }),
    );
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(targets, null, 2)}\n`);
      return 0;
    }
    const rows = targets.map((t) => [t.computeName, t.location, t.status, t.os, t.ipAddress ?? '', t.instanceType ?? '', (t.containers ?? []).map((c) => c.containerName).join(',')]);
    context.stdout.write(table([['COMPUTE', 'LOCATION', 'STATUS', 'OS', 'IP', 'TYPE', 'CONTAINERS'], ...rows]));
    return 0;
  },
};
