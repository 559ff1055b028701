// Fleet inbound permissions: DescribeFleetPortSettings and UpdateFleetPortSettings with the rules
// GameLift enforces (exact-match revocation, no duplicates, OS port ranges, 50 rules, ACTIVE only).
import { AwsError, invalidRequest } from '../core/aws-error';
import type { EmulatorClock } from '../core/clock';
import type { Operation } from '../core/service-endpoint';
import type { IpPermission } from '../scenario/schema';
import type { FleetRecord, World } from '../scenario/world';
import { locationsOf, requireFleet } from './lookup';

const MAX_PERMISSIONS = 50;
// How long a change takes to reach a fleet's remote locations (emulated time).
const PROPAGATION_MS = 5_000;

const describeRule = (p: IpPermission) => `"peer: ${p.IpRange}, ${p.Protocol}, from port: ${p.FromPort}, to port: ${p.ToPort}, ALLOW"`;
const same = (a: IpPermission, b: IpPermission) => a.FromPort === b.FromPort && a.ToPort === b.ToPort && a.IpRange === b.IpRange && a.Protocol === b.Protocol;

function isCidr(range: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(range);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** Linux fleets may open 22 and 1026–60000; Windows fleets only 1026–60000 (the model's rule). */
function checkRule(fleet: FleetRecord, p: IpPermission): void {
  if (p.ToPort < p.FromPort) throw invalidRequest(`ToPort (${p.ToPort}) must be greater than or equal to FromPort (${p.FromPort}).`);
  if (!isCidr(p.IpRange)) throw invalidRequest(`IpRange ${p.IpRange} is not a valid CIDR block (for example 203.0.113.7/32).`);
  const sshOnly = p.FromPort === 22 && p.ToPort === 22;
  const inHighRange = p.FromPort >= 1026 && p.ToPort <= 60000;
  if (fleet.os === 'windows' ? !inHighRange : !(sshOnly || inHighRange)) {
    const allowed = fleet.os === 'windows' ? '1026-60000' : '22 and 1026-60000';
    throw invalidRequest(`Port range ${p.FromPort}-${p.ToPort} is not allowed: fleets running ${fleet.operatingSystem} accept only ports ${allowed}.`);
  }
}

export function portSettingsOperations(world: World, clock: EmulatorClock): Record<string, Operation> {
  const requireEc2 = (id: string) => {
    const fleet = requireFleet(world, id);
    if (fleet.spec.type !== 'EC2') {
      throw invalidRequest(`Fleet ${fleet.spec.fleetId} has no fleet port settings: they apply to managed EC2 fleets only.`);
    }
    return fleet;
  };

  return {
    DescribeFleetPortSettings(input) {
      const fleet = requireEc2(input.FleetId as string);
      const location = input.Location as string | undefined;
      if (location !== undefined) locationsOf(fleet, location, world.region);
      const pending = location !== undefined && location !== world.region && clock.now() < fleet.portsPendingUntil;
      return {
        FleetId: fleet.spec.fleetId,
        FleetArn: fleet.arn,
        InboundPermissions: fleet.permissions,
        ...(pending ? { UpdateStatus: 'PENDING_UPDATE' } : {}),
        ...(location !== undefined ? { Location: location } : {}),
      };
    },

    UpdateFleetPortSettings(input) {
      const fleet = requireEc2(input.FleetId as string);
      if (fleet.spec.status !== 'ACTIVE') {
        throw new AwsError('InvalidFleetStatusException', `Fleet ${fleet.spec.fleetId} is ${fleet.spec.status}; port settings can be changed only while it is ACTIVE.`);
      }
      const revoke = (input.InboundPermissionRevocations as IpPermission[] | undefined) ?? [];
      const authorize = (input.InboundPermissionAuthorizations as IpPermission[] | undefined) ?? [];
      [...revoke, ...authorize].forEach((p) => checkRule(fleet, p));
      // All or nothing: work on a copy and commit only when every change is valid.
      const next = [...fleet.permissions];
      for (const p of revoke) {
        const at = next.findIndex((q) => same(p, q));
        if (at < 0) throw invalidRequest(`InvalidPermission.NotFound: The specified rule ${describeRule(p)} does not exist in fleet ${fleet.spec.fleetId}. Revocations must match an existing rule exactly.`);
        next.splice(at, 1);
      }
      for (const p of authorize) {
        if (next.some((q) => same(p, q))) throw invalidRequest(`InvalidPermission.Duplicate: the specified rule ${describeRule(p)} already exists`);
        next.push({ FromPort: p.FromPort, ToPort: p.ToPort, IpRange: p.IpRange, Protocol: p.Protocol });
      }
      if (next.length > MAX_PERMISSIONS) {
        throw new AwsError('LimitExceededException', `Fleet ${fleet.spec.fleetId} would have ${next.length} inbound permissions; the limit is ${MAX_PERMISSIONS}.`);
      }
      fleet.permissions = next;
      if (fleet.locations.length > 1) fleet.portsPendingUntil = clock.now() + clock.real(PROPAGATION_MS);
      return { FleetId: fleet.spec.fleetId, FleetArn: fleet.arn };
    },
  };
}
