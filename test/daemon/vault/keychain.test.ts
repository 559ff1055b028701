// On Linux the keychain is the Secret Service or nothing: without one, we refuse clearly rather
// than let the library fall back to the kernel keyring — and only where a secret must be stored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('no Secret Service on the bus → a clear Unsupported error, no fallback', () => {
  const script = `
    import { osKeychain } from './main/daemon/vault/keychain';
    try { osKeychain('glc-test-no-bus'); console.log('OPENED'); }
    catch (err) { console.log(JSON.stringify({ code: err.code, message: err.message })); }
  `;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/glc-bus' },
    encoding: 'utf8',
  });
  const result = JSON.parse(out.stdout.trim()) as { code: string; message: string };
  assert.equal(result.code, 'Unsupported');
  assert.match(result.message, /No Secret Service keychain/);
});

test('without a Secret Service the daemon still lists fleets, and a session start refuses with the reason', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'glc-nokeychain-'));
  const script = `
    import { startEmulator } from './emulator/index';
    import { Daemon } from './main/daemon/daemon';
    const emulator = await startEmulator();
    const daemon = await Daemon.start({
      dataDir: ${JSON.stringify(dataDir)},
      sandbox: { region: emulator.region, endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint }, credentials: emulator.credentials },
    });
    const fleets = (await daemon.api.listFleets({})).fleets.length;
    let code = 'opened';
    try { await daemon.api.openShell({ fleetId: 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001', computeName: 'i-0a1f5c2e9b7d30001' }); }
    catch (err) { code = err.code + ': ' + err.message; }
    console.log(JSON.stringify({ fleets, code }));
    await daemon.stop();
    await emulator.close();
    process.exit(0);
  `;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/glc-bus' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  rmSync(dataDir, { recursive: true, force: true });
  const result = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { fleets: number; code: string };
  assert.ok(result.fleets > 0);
  assert.match(result.code, /^Unsupported: No Secret Service keychain/);
});
