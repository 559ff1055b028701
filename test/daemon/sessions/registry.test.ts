import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Session, type EventName } from '../../../preload/contract';
import { EventBus } from '../../../main/daemon/events';
import { SessionRegistry } from '../../../main/daemon/sessions/registry';

const target = { fleetId: 'fleet-1', computeName: 'i-1', location: 'us-west-2', os: 'linux' as const };

function setup() {
  const events = new EventBus();
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  events.subscribe((event, payload) => seen.push({ event, payload }));
  return { registry: new SessionRegistry(events), seen };
}

test('every transition is one sessionChanged event with a contract-valid Session', () => {
  const { registry, seen } = setup();
  const s = registry.create({ kind: 'shell', transport: 'ssh', target });
  assert.match(s.id, /^gc-[a-f0-9]{12}$/);
  registry.transition(s.id, 'active', { expiresAt: 1 });
  registry.transition(s.id, 'renewing');
  registry.transition(s.id, 'active');
  registry.transition(s.id, 'reconnecting');
  registry.transition(s.id, 'ended', { endReason: 'ended by the user' });
  const states = seen.map((e) => (e.payload as Session).state);
  assert.deepEqual(states, ['starting', 'active', 'renewing', 'active', 'reconnecting', 'ended']);
  for (const e of seen) {
    assert.equal(e.event, 'sessionChanged');
    Session.parse(e.payload);
  }
  assert.ok(registry.get(s.id).endedAt);
});

test('illegal transitions are refused: nothing leaves ended, starting cannot renew', () => {
  const { registry } = setup();
  const s = registry.create({ kind: 'shell', transport: 'ssh', target });
  assert.throws(() => registry.transition(s.id, 'renewing'), /cannot go from starting to renewing/);
  registry.transition(s.id, 'ended');
  assert.throws(() => registry.transition(s.id, 'active'), /cannot go from ended to active/);
});

test('byte counters are published at most once a second, and flushed at the end', async () => {
  const { registry, seen } = setup();
  const s = registry.create({ kind: 'shell', transport: 'ssh', target });
  registry.transition(s.id, 'active');
  const before = seen.length;
  for (let i = 0; i < 100; i++) registry.countBytes(s.id, 10, 1);
  assert.equal(seen.length, before, 'no event per chunk');
  registry.transition(s.id, 'ended');
  const last = seen.at(-1)!.payload as Session;
  assert.equal(last.bytesIn, 1000);
  assert.equal(last.bytesOut, 100);
});

test('unknown sessions are NotFound', () => {
  const { registry } = setup();
  assert.throws(() => registry.get('gc-nope'), (err: Error & { code?: string }) => err.code === 'NotFound');
});
