// The pure parts of the power-user items (issue #11): fleet titles, the default action per
// compute, and which ended sessions the panel keeps (renderer/src/format.ts, SessionsPanel.tsx).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../preload/contract';
import { visibleSessions } from '../../renderer/src/sessions-view';
import { defaultAction, fleetDescription, fleetTitle, isFailedAttempt, searchTokens, targetHaystack } from '../../renderer/src/format';

const container = { fleetId: 'containerfleet-1', kind: 'container' as const, name: 'Managed containers, two groups' };
const ec2 = { fleetId: 'fleet-1', kind: 'ec2' as const, name: 'arena' };

test('a container fleet is titled by its ID, its description below; other fleets by name', () => {
  assert.equal(fleetTitle(container), 'containerfleet-1');
  assert.equal(fleetDescription(container), 'Managed containers, two groups');
  assert.equal(fleetDescription({ ...container, name: 'containerfleet-1' }), null);
  assert.equal(fleetTitle(ec2), 'arena');
  assert.equal(fleetDescription(ec2), null);
});

test('SDK 4 Windows opens Remote Desktop; everything else a shell', () => {
  assert.equal(defaultAction({ access: 'instance-access', os: 'windows' }, { os: 'windows' }), 'rdp');
  assert.equal(defaultAction({ access: 'instance-access', os: 'windows' }, { os: 'unknown' }), 'rdp');
  assert.equal(defaultAction({ access: 'instance-access', os: 'linux' }, { os: 'linux' }), 'shell');
  assert.equal(defaultAction({ access: 'compute-access', os: 'windows' }, { os: 'windows' }), 'shell');
});

test('search text: every facet, lower-cased once; tokens split on spaces', () => {
  const hay = targetHaystack({ fleetId: 'f', computeName: 'i-0ABC', location: 'us-west-2', status: 'ACTIVE', os: 'linux', ipAddress: '10.0.0.1' });
  assert.equal(hay, 'i-0abc active linux us-west-2 10.0.0.1');
  assert.deepEqual(searchTokens('  I-0a  West '), ['i-0a', 'west']);
});

let n = 0;
function session(patch: Partial<Session> & { computeName?: string }): Session {
  const { computeName = 'i-1', ...rest } = patch;
  n++;
  return {
    id: `gc-${n}`,
    kind: 'shell',
    transport: 'ssm',
    state: 'ended',
    target: { fleetId: 'fleet-1', computeName, location: 'us-west-2', os: 'linux' },
    startedAt: 1000 - n,
    bytesIn: 0,
    bytesOut: 0,
    ...rest,
  };
}

test('a failed attempt replaces the earlier failed attempt at the same open; successes and other targets stay', () => {
  // Newest first, as useSessions sorts them.
  const newFail = session({ endReason: 'PortClosed' });
  const oldFail = session({ endReason: 'PortClosed' });
  const otherCompute = session({ computeName: 'i-2' });
  const otherKind = session({ kind: 'rdp' });
  const ranThenEnded = session({ expiresAt: 5000 });
  const live = session({ state: 'active', expiresAt: 9000 });
  assert.ok(isFailedAttempt(newFail));
  assert.ok(!isFailedAttempt(ranThenEnded));
  assert.ok(!isFailedAttempt(live));
  const shown = visibleSessions([newFail, oldFail, otherCompute, otherKind, ranThenEnded, live], new Set());
  assert.deepEqual(shown.map((s) => s.id), [newFail, otherCompute, otherKind, ranThenEnded, live].map((s) => s.id));
});

test('cleared ended sessions are hidden, live ones never; at most 8 ended are kept', () => {
  const live = session({ state: 'active', expiresAt: 9000 });
  const ended = Array.from({ length: 10 }, (_, i) => session({ computeName: `i-${i + 10}`, expiresAt: 1 }));
  assert.deepEqual(visibleSessions([live, ...ended], new Set([live.id, ended[0]!.id])).map((s) => s.id), [live, ...ended.slice(1, 9)].map((s) => s.id));
});
