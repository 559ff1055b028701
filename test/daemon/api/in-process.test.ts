// The two clients a CLI command may hold, side by side on one daemon: inProcessClient (the
// contract's createClient over the dispatcher and the event bus) and DaemonClient (the same over
// the local API). Same answers, same refusals, the same events through `on`; DaemonClient.closed
// settles when the daemon goes away.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConnectError, type ConnectClient, type Session } from '../../../preload/contract';
import { connectToDaemon, type DaemonClient } from '../../../main/daemon/api/client';
import { inProcessClient } from '../../../main/daemon/api/in-process';
import { serveDaemon } from '../../../main/daemon/api/serve';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const LINUX = 'i-0a1f5c2e9b7d30001';

let h: Harness;
let served: Awaited<ReturnType<typeof serveDaemon>>;
let remote: DaemonClient;
let local: ConnectClient;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness({ agent: { pacingMs: 0 } });
  const runtimeDir = await mkdtemp(join(tmpdir(), 'glc-run-'));
  served = await serveDaemon(h.daemon, { runtimeDir });
  remote = (await connectToDaemon(runtimeDir))!;
  local = inProcessClient(h.daemon);
});
after(async () => {
  remote?.close();
  await served?.close();
  await h?.close();
});

test('both clients answer alike and refuse alike', async () => {
  assert.deepEqual(await local.call('listFleets', {}), await remote.call('listFleets', {}));
  for (const client of [local, remote.api]) {
    await assert.rejects(client.call('listTargets', { fleetId: 'not-a-fleet' }), (e: unknown) => e instanceof ConnectError && e.code === 'InvalidInput');
    await assert.rejects(client.call('endSession', { sessionId: 'gc-unknown' }), (e: unknown) => e instanceof ConnectError && e.code === 'NotFound');
  }
});

test('both clients deliver the same events through on(), each listener only its own event, until unsubscribed', async () => {
  const seen = { local: [] as Session[], remote: [] as Session[], localData: '', remoteData: '' };
  const offs = [
    local.on('sessionChanged', (s) => seen.local.push(s)),
    remote.on('sessionChanged', (s) => seen.remote.push(s)),
    local.on('terminalData', (e) => (seen.localData += Buffer.from(e.data, 'base64').toString())),
    remote.on('terminalData', (e) => (seen.remoteData += Buffer.from(e.data, 'base64').toString())),
  ];
  const session = await local.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  await local.writeTerminal({ sessionId: session.id, data: Buffer.from('echo "both-$((6*7))"\n').toString('base64') });
  await waitFor('the output on both clients', () => seen.localData.includes('both-42') && seen.remoteData.includes('both-42'), 20_000);
  await local.endSession({ sessionId: session.id });
  await waitFor('the end on both clients', () => seen.remote.some((s) => s.id === session.id && s.state === 'ended'));
  for (const off of offs) off();
  const states = (list: Session[]) => list.filter((s) => s.id === session.id).map((s) => s.state);
  assert.deepEqual(states(seen.local), states(seen.remote));
  assert.deepEqual(states(seen.local).at(-1), 'ended');
  assert.equal(seen.localData, seen.remoteData, 'the same bytes');
  const count = seen.local.length;
  const again = await local.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  await local.endSession({ sessionId: again.id });
  assert.equal(seen.local.length, count, 'no events after unsubscribing');
});

test('DaemonClient.closed settles when the daemon stops serving', async () => {
  const runtimeDir = await mkdtemp(join(tmpdir(), 'glc-run-'));
  const second = await serveDaemon(h.daemon, { runtimeDir });
  const client = (await connectToDaemon(runtimeDir))!;
  let closed = false;
  void client.closed.then(() => (closed = true));
  assert.equal(closed, false);
  await second.close();
  await client.closed;
  await assert.rejects(client.call('getStatus', {}), (e: unknown) => e instanceof ConnectError && e.code === 'Unreachable');
});
