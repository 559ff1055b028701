// `gamelift-connect follow [<fleet-id>] [--remove]`: the fleets whose crashes and failures the
// daemon announces (the app, or `gamelift-connect daemon`, polls their events while it runs).
import { FleetId } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { table, withApi } from './daemon-api';
import { isoTime } from './triage-format';

export const followCommand: Command = {
  name: 'follow',
  summary: 'Follow a fleet: its crashes and failures become notifications (--remove stops; no fleet: list).',
  usage: '[<fleet-id>] [--remove] [--json]',
  options: { remove: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const fleetId = context.positionals[0];
    if (context.positionals.length > 1) throw new UsageError('expected at most one <fleet-id>');
    if (fleetId !== undefined && !FleetId.safeParse(fleetId).success) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
    if (context.options.remove && fleetId === undefined) throw new UsageError('--remove needs the <fleet-id> to stop following');
    const { result, mode } = await withApi(context, async (api) => ({
      mode: api.mode,
      result: fleetId === undefined
        ? await api.call('listFollowedFleets', {})
        : context.options.remove
          ? await api.call('unfollowFleet', { fleetId })
          : await api.call('followFleet', { fleetId }),
    }));
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const rows = result.fleets.map((f) => [f.fleetId, f.region, f.profile ?? '(default)', f.watching ? 'yes' : 'no', isoTime(f.lastPolledAt), f.lastError ?? '']);
      context.stdout.write(table([['FLEET', 'REGION', 'PROFILE', 'WATCHED', 'LAST POLL', 'LAST ERROR'], ...rows]));
    }
    if (mode === 'in-process' && fleetId !== undefined) {
      context.stderr.write('No daemon is running: the fleets are watched while the app or "gamelift-connect daemon" runs.\n');
    }
    return 0;
  },
};
