// listRecentTargets: every successful open notes its target (fleet, compute, location, kind; a
// forward's port, a container shell's side) first in <dataDir>/recent-targets.json (0600), one
// entry per target, newest first, at most ten; a failed open notes nothing; a damaged file is an
// empty list; nothing but those fields is kept.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Session } from '../../preload/contract';
import { MAX_RECENT, RecentTargets, recentTargetsPath } from '../../main/daemon/recent-targets';
import { assertPrivateKeyring } from '../support/keyring';
import { FLEETS, startHarness, type Harness } from './harness';

const LINUX = 'i-0a1f5c2e9b7d30001';

let h: Harness;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('opens are noted newest first, one entry per target and kind, in a 0600 file of target fields only; a failed open notes nothing', async () => {
  assert.deepEqual((await h.daemon.api.listRecentTargets({})).targets, []);
  const shell = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  const forward = await h.daemon.api.openForward({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, remotePort: 7777 });
  await assert.rejects(h.daemon.api.openShell({ fleetId: FLEETS.anywhere, computeName: 'anywhere-compute-1' }));
  let { targets } = await h.daemon.api.listRecentTargets({});
  assert.deepEqual(
    targets.map(({ openedAt: _at, ...t }) => t),
    [
      { fleetId: FLEETS.sdk5Linux, computeName: LINUX, location: forward.target.location, kind: 'forward', remotePort: 7777 },
      { fleetId: FLEETS.sdk5Linux, computeName: LINUX, location: shell.target.location, kind: 'shell' },
    ],
  );
  // The same shell again moves to the front instead of appearing twice.
  const again = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  ({ targets } = await h.daemon.api.listRecentTargets({}));
  assert.deepEqual(targets.map((t) => t.kind), ['shell', 'forward']);
  for (const s of [shell, forward, again]) await h.daemon.api.endSession({ sessionId: s.id });

  const file = recentTargetsPath(h.dataDir);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const stored = JSON.parse(await readFile(file, 'utf8')) as { targets: Array<Record<string, unknown>> };
  for (const entry of stored.targets) {
    assert.deepEqual(Object.keys(entry).filter((k) => !['fleetId', 'computeName', 'location', 'kind', 'remotePort', 'shellIn', 'openedAt'].includes(k)), []);
  }
});

const session = (i: number, over: Partial<Session> = {}): Session => ({
  id: `gc-${i}`,
  kind: 'shell',
  transport: 'ssm',
  state: 'active',
  target: { fleetId: FLEETS.sdk5Linux, computeName: `i-${String(i).padStart(4, '0')}`, location: 'us-west-2', os: 'linux' },
  startedAt: i,
  bytesIn: 0,
  bytesOut: 0,
  ...over,
});

test('at most ten, newest first; a container shell keeps its side; RDP user names and addresses are not kept; a damaged file reads as empty', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-recent-'));
  const recent = new RecentTargets(dir);
  for (let i = 1; i <= MAX_RECENT + 2; i++) await recent.record(session(i), 1000 + i);
  const list = await recent.list();
  assert.equal(list.length, MAX_RECENT);
  assert.equal(list[0]?.computeName, 'i-0012');
  assert.equal(list.at(-1)?.computeName, 'i-0003');

  await recent.record(session(20, { target: { ...session(20).target, shellIn: 'host' } }), 5000);
  await recent.record(session(21, { kind: 'rdp', transport: 'direct', userName: 'gl-user-remote', remoteHost: '10.0.0.1', remotePort: 3389 }), 5001);
  const [rdp, host] = await recent.list();
  assert.deepEqual(host, { fleetId: FLEETS.sdk5Linux, computeName: 'i-0020', location: 'us-west-2', kind: 'shell', shellIn: 'host', openedAt: 5000 });
  assert.deepEqual(rdp, { fleetId: FLEETS.sdk5Linux, computeName: 'i-0021', location: 'us-west-2', kind: 'rdp', openedAt: 5001 });

  // Records made together all land (written in order).
  const other = new RecentTargets(await mkdtemp(join(tmpdir(), 'glc-recent-')));
  await Promise.all([1, 2, 3].map((i) => other.record(session(i), i)));
  assert.deepEqual((await other.list()).map((t) => t.computeName), ['i-0003', 'i-0002', 'i-0001']);

  await writeFile(recentTargetsPath(dir), '{ not json');
  assert.deepEqual(await recent.list(), []);
  await writeFile(recentTargetsPath(dir), JSON.stringify({ targets: [{ fleetId: 'x', computeName: 'y', location: 'z', kind: 'telnet', openedAt: 1 }, 'junk'] }));
  assert.deepEqual(await recent.list(), []);
});
