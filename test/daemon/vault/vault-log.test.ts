// Failures the vault survives are logged, not swallowed: a keychain that refuses to delete a
// secret (the wipe goes on, and the line names the key, never the secret), and a dead owner's
// index file the sweep cannot remove (a real filesystem refusal: a directory in its place).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileLogger } from '../../../main/daemon/log/logger';
import { listAccounts, osKeychain, type Keychain } from '../../../main/daemon/vault/keychain';
import { Vault } from '../../../main/daemon/vault/vault';
import { assertPrivateKeyring, uniqueKeyringService } from '../../support/keyring';

before(() => assertPrivateKeyring());

async function fresh() {
  const dir = await mkdtemp(join(tmpdir(), 'glc-vault-log-'));
  const logFile = join(dir, 'logs', 'd.log');
  return { dir, indexPath: join(dir, 'vault-index.json'), log: fileLogger({ file: logFile }), read: () => readFile(logFile, 'utf8').catch(() => '') };
}

test('a keychain that refuses to delete: remove() still resolves, and the log says which key', async () => {
  const service = uniqueKeyringService('vault-log');
  const real = osKeychain(service);
  // The real Secret Service, except that deleting refuses the way a locked collection does.
  const refusing: Keychain = { ...real, delete: async () => Promise.reject(new Error('org.freedesktop.Secret.Error.IsLocked: Cannot delete a locked item')) };
  const { indexPath, log, read } = await fresh();
  const vault = await Vault.open(refusing, indexPath, log);
  const key = await vault.put('gc-log', 'canary-secret-vault-log', Date.now() + 60_000);
  await vault.remove(key);
  const text = await read();
  assert.match(text, new RegExp(`WARN  \\[vault\\] could not delete a keychain item key=${key.replace(/\./g, '\\.')} error="Error: org\\.freedesktop\\.Secret\\.Error\\.IsLocked`));
  assert.ok(!text.includes('canary-secret-vault-log'));
  await real.delete(key);
  assert.deepEqual(await listAccounts(service), []);
});

test('a dead owner\'s index file the sweep cannot remove is logged, and the vault opens anyway', async () => {
  const { indexPath, log, read } = await fresh();
  // A pid above Linux's pid_max: a dead owner. A directory where its file should be cannot be
  // unlinked, by root either.
  const deadFile = join(indexPath, '..', 'vault-index.9999999-0-abcd.json');
  await mkdir(deadFile);
  const vault = await Vault.open(osKeychain(uniqueKeyringService('vault-log')), indexPath, log);
  assert.match(await read(), /WARN {2}\[vault\] sweep: could not remove a dead owner's index file path=\S+vault-index\.9999999-0-abcd\.json error="Error \(EISDIR\)/);
  await vault.wipe();
});
