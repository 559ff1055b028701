// The window's recent connections (renderer/src/recent.ts) and the #find link (find-link.ts):
// only where and what is kept, the same target opened again moves up, malformed storage is
// dropped field by field, and which fragments open the search box.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../preload/contract';
import { findFromHash } from '../../renderer/src/find-link';
import { addRecent, fromRecentTarget, parseRecents, RECENT_MAX, recentOf } from '../../renderer/src/recent';

const session = (over: Partial<Session> = {}): Session => ({
  id: 'gc-abc',
  kind: 'shell',
  transport: 'ssm',
  state: 'active',
  target: { fleetId: 'fleet-1', computeName: 'i-1', location: 'us-west-2', os: 'linux' },
  startedAt: 1,
  bytesIn: 0,
  bytesOut: 0,
  userName: 'Administrator',
  hostKeyFingerprint: 'SHA256:x',
  ...over,
});

test('a recent connection keeps where and what, never the session ID, user or anything else', () => {
  assert.deepEqual(recentOf(session(), 5), { kind: 'shell', fleetId: 'fleet-1', computeName: 'i-1', location: 'us-west-2', at: 5 });
  assert.deepEqual(recentOf(session({ kind: 'forward', remotePort: 7777, localPort: 5000 }), 6), {
    kind: 'forward',
    fleetId: 'fleet-1',
    computeName: 'i-1',
    location: 'us-west-2',
    remotePort: 7777,
    at: 6,
  });
});

test('opening the same target again moves it up; the list is bounded', () => {
  let list = addRecent([], recentOf(session(), 1));
  list = addRecent(list, recentOf(session({ target: { ...session().target, computeName: 'i-2' } }), 2));
  list = addRecent(list, recentOf(session(), 3));
  assert.deepEqual(list.map((r) => [r.computeName, r.at]), [['i-1', 3], ['i-2', 2]]);
  for (let i = 0; i < 20; i++) list = addRecent(list, recentOf(session({ target: { ...session().target, computeName: `i-x${i}` } }), 10 + i));
  assert.equal(list.length, RECENT_MAX);
});

test('stored recents: junk is dropped, unknown fields are not kept', () => {
  assert.deepEqual(parseRecents('not json'), []);
  assert.deepEqual(parseRecents('{"a":1}'), []);
  const good = { kind: 'rdp', fleetId: 'f', computeName: 'c', location: 'l', at: 1, password: 'hunter2' };
  assert.deepEqual(parseRecents(JSON.stringify([good, { kind: 'ftp', fleetId: 'f' }])), [{ kind: 'rdp', fleetId: 'f', computeName: 'c', location: 'l', at: 1 }]);
});

test("the daemon's recent target as the window shows it", () => {
  assert.deepEqual(fromRecentTarget({ fleetId: 'f', computeName: 'c', location: 'l', kind: 'shell', shellIn: 'host', openedAt: 9 }), {
    kind: 'shell',
    fleetId: 'f',
    computeName: 'c',
    location: 'l',
    shellIn: 'host',
    at: 9,
  });
});

test('#find opens the search box; #find=text searches for it; other fragments do not', () => {
  assert.equal(findFromHash('#find'), '');
  assert.equal(findFromHash('#find=player-3f9c21'), 'player-3f9c21');
  assert.equal(findFromHash('#find=10.0.0.1%20'), '10.0.0.1 ');
  assert.equal(findFromHash('#session=gc-abc'), null);
  assert.equal(findFromHash(''), null);
});
