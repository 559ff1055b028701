// The facade's promises about secrets across the daemon's life: none after stop() (quit), and none
// after a SIGKILLed daemon is followed by a restart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as keytar from '@napi-rs/keyring/keytar';
import { Daemon } from '../../main/daemon/daemon';
import { assertPrivateKeyring, uniqueKeyringService } from '../support/keyring';
import { FLEETS, startHarness } from './harness';

before(() => assertPrivateKeyring());

const accounts = async (service: string) => (await keytar.findCredentials(service)).map((c) => c.account);

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

test('a SIGKILLed daemon leaves secrets that the next start sweeps', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-daemon-'));
  const service = uniqueKeyringService('daemon-crash');
  const script = `
    import { startEmulator } from './test/emulator/index';
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
