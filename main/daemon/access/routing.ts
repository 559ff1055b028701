// Which GameLift API reaches a fleet's computes (architecture.md, "One double-click"):
// containers and server SDK 5 → GetComputeAccess; SDK 4 → GetInstanceAccess; Anywhere → none.
import type { Fleet } from '../../../preload/contract';

type FleetFacts = Pick<Fleet, 'kind' | 'sdkMajor'>;

export function accessRoute(fleet: FleetFacts): { access: Fleet['access']; accessNote?: string } {
  if (fleet.kind === 'anywhere') {
    return {
      access: 'none',
      accessNote: 'Anywhere fleets run on your own hosts: GameLift issues no access for them. Connect with your own tools to the compute address.',
    };
  }
  if (fleet.kind === 'container') return { access: 'compute-access' };
  // A build without a readable SDK version (e.g. a Realtime script fleet) is taken to be SDK 5+.
  if (fleet.sdkMajor !== null && fleet.sdkMajor < 5) return { access: 'instance-access' };
  return { access: 'compute-access' };
}

/** "5.1.2" → 5; anything unreadable → null. */
export function sdkMajor(version: string | undefined): number | null {
  const match = version ? /^(\d+)\./.exec(version) : null;
  return match ? Number(match[1]) : null;
}

export function osFamily(operatingSystem: string | undefined): Fleet['os'] {
  if (!operatingSystem) return 'unknown';
  if (operatingSystem.startsWith('WINDOWS')) return 'windows';
  if (operatingSystem.startsWith('AMAZON_LINUX')) return 'linux';
  return 'unknown';
}
