// Finding the fleet, compute or instance a request names, with GameLift's not-found answers.
import { invalidRequest, notFound } from '../core/aws-error';
import type { ContainerComputeRecord, FleetRecord, InstanceRecord, World } from '../scenario/world';

export function requireFleet(world: World, idOrArn: string): FleetRecord {
  const fleet = world.fleet(idOrArn);
  if (!fleet) throw notFound(`Fleet ${idOrArn} not found.`);
  return fleet;
}

/** A location filter: an unknown location is a client error, no location means the home Region. */
export function locationsOf(fleet: FleetRecord, location: string | undefined, homeRegion: string) {
  if (location === undefined) {
    const home = fleet.locations.find((l) => l.location === homeRegion) ?? fleet.locations[0];
    return home ? [home] : [];
  }
  const match = fleet.locations.filter((l) => l.location === location);
  if (match.length === 0) throw invalidRequest(`Location ${location} is not a location of fleet ${fleet.spec.fleetId}.`);
  return match;
}

export type ResolvedCompute =
  | { kind: 'instance'; instance: InstanceRecord }
  | { kind: 'container'; compute: ContainerComputeRecord }
  | { kind: 'anywhere'; name: string };

const nameOf = (computeNameOrArn: string) =>
  computeNameOrArn.startsWith('arn:') ? computeNameOrArn.slice(computeNameOrArn.indexOf(':compute/') + ':compute/'.length) : computeNameOrArn;

/** A compute by name or ARN: an EC2 instance, a container fleet's compute (or host), an Anywhere host. */
export function findCompute(fleet: FleetRecord, computeNameOrArn: string): ResolvedCompute | undefined {
  const name = nameOf(computeNameOrArn);
  for (const location of fleet.locations) {
    for (const instance of location.instances) {
      if (instance.instanceId === name) return { kind: 'instance', instance };
      const compute = instance.computes.find((c) => c.name === name);
      if (compute) return { kind: 'container', compute };
    }
    if (location.anywhereComputes.some((c) => c.name === name)) return { kind: 'anywhere', name };
  }
  return undefined;
}

export function requireCompute(fleet: FleetRecord, computeNameOrArn: string): ResolvedCompute {
  const found = findCompute(fleet, computeNameOrArn);
  if (!found) throw notFound(`Compute ${computeNameOrArn} not found in fleet ${fleet.spec.fleetId}.`);
  return found;
}
