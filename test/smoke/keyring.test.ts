// Smoke test of the OS keychain the credential vault relies on: @napi-rs/keyring's keytar API
// round-trips a secret through gnome-keyring (Secret Service) on the private test bus, and
// secret-tool (libsecret, a separate client) proves where it lives and that delete removes it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { Entry } from '@napi-rs/keyring';
import * as keytar from '@napi-rs/keyring/keytar';
import { assertPrivateKeyring, uniqueKeyringService, type PrivateKeyring } from '../support/keyring';

const execFileAsync = promisify(execFile);

let session: PrivateKeyring;
before(() => {
  session = assertPrivateKeyring();
});

/** Looks the secret up by the attributes keyring-rs stores: exit code 1 with no output when absent. */
async function secretToolLookup(service: string, account: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync('secret-tool', ['lookup', 'service', service, 'username', account]);
    return stdout;
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return null;
    throw error;
  }
}

test('keytar API stores, reads and deletes a secret in gnome-keyring', async () => {
  const service = uniqueKeyringService('smoke');
  const account = 'fleet-1234/compute-a';
  const secret = `-----BEGIN RSA PRIVATE KEY-----\n${'x'.repeat(64)}\n-----END RSA PRIVATE KEY-----`;

  // Pinned to Secret Service: throws instead of silently falling back to the kernel keyring.
  const pinned = new Entry(service, account, { linux: { store: 'secret-service' } });
  assert.equal(pinned.getPassword(), null);

  await keytar.setPassword(service, account, secret);
  try {
    assert.equal(await keytar.getPassword(service, account), secret);
    assert.equal(pinned.getPassword(), secret, 'keytar wrote somewhere other than Secret Service');
    assert.equal(await secretToolLookup(service, account), secret, 'libsecret does not see the secret');
    assert.deepEqual(await keytar.findCredentials(service), [{ account, password: secret }]);
    assert.ok(existsSync(join(session.sessionDir, 'data', 'keyrings', 'login.keyring')), 'keyring file is not in the throw-away dir');
  } finally {
    assert.equal(await keytar.deletePassword(service, account), true);
  }

  assert.equal(await keytar.getPassword(service, account), null);
  assert.equal(await secretToolLookup(service, account), null);
  assert.equal(await keytar.deletePassword(service, account), false);
});
