// The facade's promises about secrets across the daemon's life: none after stop() (quit), even with
// a renewal or a session start under way when it is called (held at a real gate on the keychain);
// none after a SIGKILLed daemon is followed by a restart; and a second daemon on the same keychain
// and data dir (a CLI command's) leaves a live daemon's secrets alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Daemon } from '../../main/daemon/daemon';
import { listAccounts, osKeychain } from '../../main/daemon/vault/keychain';
import { assertPrivateKeyring, gatedKeychain, uniqueKeyringService } from '../support/keyring';
import { FLEETS, startHarness } from './harness';

before(() => assertPrivateKeyring());

const accounts = (service: string) => listAccounts(service);

test('stop() ends every session and leaves no secret behind (quit)', async () => {
  const h = await startHarness();
  try {
    const a = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
    const b = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30002' });
    assert.equal((await accounts(h.keychainService)).length, 2);
    await h.daemon.stop();
    assert.deepEqual(await accounts(h.keychainService), []);
    for (const s of [a, b]) assert.equal(h.daemon.registry.get(s.id).endReason, 'the daemon stopped');
  } finally {
    await h.close();
  }
});

/** Resolves true if `p` settles within 1.5 s (an end that waits for a held write does not). */
const settlesSoon = (p: Promise<unknown>) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1500))]);

test('stop() while a renewal is writing its secret: resolves only once the keychain is empty', async () => {
  const service = uniqueKeyringService('daemon-stop-renewal');
  const gate = gatedKeychain(osKeychain(service));
  const h = await startHarness({}, { keychainService: service, keychain: gate.keychain });
  try {
    const a = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
    await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30002' });
    const held = gate.holdNextSet();
    const renewing = h.daemon.api.renewSession({ sessionId: a.id });
    renewing.catch(() => {});
    await held.entered;
    const stopping = h.daemon.stop();
    // Before the fix stop() resolved at once and the renewal's secret landed in the keychain after it.
    const resolvedEarly = await settlesSoon(stopping);
    held.release(); // before asserting: a failure must not leave the teardown waiting on the gate
    assert.equal(resolvedEarly, false, 'stop() resolved while a renewal was still writing a secret');
    await stopping;
    const mark = gate.mark();
    assert.deepEqual(await accounts(service), []);
    await renewing.catch(() => {});
    assert.deepEqual(gate.setsAfter(mark), [], 'nothing was written after stop()');
    assert.deepEqual(await accounts(service), []);
  } finally {
    await h.close();
  }
});

test('stop() while a session is starting ends it with nothing left, and refuses sessions asked for after', async () => {
  const service = uniqueKeyringService('daemon-stop-start');
  const gate = gatedKeychain(osKeychain(service));
  const h = await startHarness({}, { keychainService: service, keychain: gate.keychain });
  try {
    const held = gate.holdNextSet();
    const starting = h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
    starting.catch(() => {});
    await held.entered; // its secret is on its way into the keychain
    const stopping = h.daemon.stop();
    const late = h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30002' });
    late.catch(() => {});
    const resolvedEarly = await settlesSoon(stopping);
    held.release();
    assert.equal(resolvedEarly, false, 'stop() resolved while a starting session was still writing its secret');
    await stopping;
    const mark = gate.mark();
    assert.deepEqual(await accounts(service), []);
    await assert.rejects(starting);
    await assert.rejects(late, (e: Error & { code?: string }) => e.code === 'Unreachable', 'no session starts once stop() began');
    assert.deepEqual(gate.setsAfter(mark), []);
    assert.deepEqual(await accounts(service), []);
    assert.ok(h.daemon.registry.list().every((s) => s.state === 'ended'));
  } finally {
    await h.close();
  }
});

test('a second daemon on the same keychain and data dir (a CLI command) leaves a live daemon\'s secrets', async () => {
  const h = await startHarness();
  try {
    await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
    await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30002' });
    const live = (await accounts(h.keychainService)).sort();
    assert.equal(live.length, 2);
    // What `gamelift-connect fleets` does when no daemon answers: its own in-process daemon, then stop().
    const script = `
      import { Daemon } from './main/daemon/daemon';
      const daemon = await Daemon.start({ dataDir: ${JSON.stringify(h.dataDir)}, keychainService: ${JSON.stringify(h.keychainService)}, region: 'us-west-2' });
      await daemon.stop();
      console.log('stopped');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const code = await new Promise<number | null>((r) => child.once('exit', (exitCode) => r(exitCode)));
    assert.equal(code, 0);
    assert.deepEqual((await accounts(h.keychainService)).sort(), live, 'both sessions keep their secrets');
    for (const s of h.daemon.registry.list()) assert.equal(s.state, 'active');
    await h.daemon.stop();
    assert.deepEqual(await accounts(h.keychainService), []);
  } finally {
    await h.close();
  }
});

test('a SIGKILLed daemon leaves secrets that the next start sweeps', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-daemon-'));
  const service = uniqueKeyringService('daemon-crash');
  const script = `
    import { startEmulator } from './emulator/index';
    import { Daemon } from './main/daemon/daemon';
    const emulator = await startEmulator();
    const daemon = await Daemon.start({
      dataDir: ${JSON.stringify(dataDir)},
      keychainService: ${JSON.stringify(service)},
      sandbox: { region: emulator.region, endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint }, credentials: emulator.credentials },
    });
    await daemon.api.openShell({ fleetId: ${JSON.stringify(FLEETS.sdk5Linux)}, computeName: 'i-0a1f5c2e9b7d30001' });
    console.log('session open');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('session open') && resolve());
    child.once('exit', (code) => reject(new Error(`daemon exited early (${code})`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal((await accounts(service)).length, 1, 'the killed daemon left its secret');

  const restarted = await Daemon.start({ dataDir, keychainService: service, sandbox: { region: 'us-west-2', endpoints: {}, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } } });
  assert.deepEqual(await accounts(service), [], 'swept at start');
  await restarted.stop();
});
