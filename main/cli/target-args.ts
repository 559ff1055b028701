// `<fleet-id> <compute-name>` as the commands take them, checked with the contract's own schemas
// (the daemon checks them again), so a typo is a usage error before any daemon starts.
import { ComputeName, FleetId } from '../../preload/contract';
import { UsageError } from './cli-error';

export function targetArgs(fleetId: string | undefined, computeName: string | undefined): { fleetId: string; computeName: string } {
  if (!fleetId || !computeName) throw new UsageError('expected <fleet-id> <compute-name>');
  if (!FleetId.safeParse(fleetId).success) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
  if (!ComputeName.safeParse(computeName).success) throw new UsageError(`"${computeName}" is not a compute name (an instance ID for EC2 fleets)`);
  return { fleetId, computeName };
}
