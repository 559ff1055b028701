// A contract Session for the Electron-side tests (tray menu, expiry warnings, the mirror): a
// live SSM shell started a minute before NOW; tests patch what they are about.
import type { Session } from '../../../preload/contract';

export const NOW = 1_700_000_000_000;

export const session = (patch: Partial<Session> = {}): Session => ({
  id: 'gc-1',
  kind: 'shell',
  transport: 'ssm',
  state: 'active',
  target: { fleetId: 'fleet-1', computeName: 'compute-1', location: 'us-west-2', os: 'linux' },
  startedAt: NOW - 60_000,
  bytesIn: 0,
  bytesOut: 0,
  ...patch,
});
