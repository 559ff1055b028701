// On Linux the keychain is the Secret Service or nothing: without one, we refuse clearly rather
// than let the library fall back to the kernel keyring.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
