// `gamelift-connect fleets`: the fleets of the current identity and Region, with how each is reached.
import type { Command } from '../command';
import { table, withApi } from './daemon-api';

export const fleetsCommand: Command = {
  name: 'fleets',
  summary: 'List fleets (EC2, container, Anywhere) with their OS, server SDK and access route.',
  usage: '[--refresh] [--json]',
  options: { refresh: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const { fleets } = await withApi(context, (api) => api.call('listFleets', { refresh: context.options.refresh === true }));
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(fleets, null, 2)}\n`);
      return 0;
    }
    const rows = fleets.map((f) => [f.fleetId, f.name, f.kind, f.os, f.sdkMajor === null ? '?' : String(f.sdkMajor), f.access, f.status, f.locations.join(',')]);
    context.stdout.write(table([['FLEET', 'NAME', 'KIND', 'OS', 'SDK', 'ACCESS', 'STATUS', 'LOCATIONS'], ...rows]));
    return 0;
  },
};
