// The vault against the real Secret Service (a private gnome-keyring): secrets exist only while
// needed, expire on time, go at wipe, and a crashed process's leftovers are swept at the next start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as keytar from '@napi-rs/keyring/keytar';
import { osKeychain } from '../../../main/daemon/vault/keychain';
import { Vault } from '../../../main/daemon/vault/vault';
import { assertPrivateKeyring, uniqueKeyringService } from '../../support/keyring';
import { waitFor } from '../../support/wait';

before(() => assertPrivateKeyring());

const accounts = async (service: string) => (await keytar.findCredentials(service)).map((c) => c.account);

async function fresh() {
  const service = uniqueKeyringService('vault');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  return { service, indexPath, vault: await Vault.open(osKeychain(service), indexPath) };
}

test('a secret is in the keychain while held, lent to a call, and gone after remove', async () => {
  const { service, indexPath, vault } = await fresh();
  const key = await vault.put('gc-abc', 'canary-secret-1', Date.now() + 60_000);
  assert.deepEqual(await accounts(service), [key]);
  assert.equal(await vault.use(key, (s) => s.length), 'canary-secret-1'.length);
  const index = await readFile(indexPath, 'utf8');
  assert.match(index, new RegExp(key.replace('.', '\\.')));
  assert.ok(!index.includes('canary-secret-1'), 'the index holds no secret');
  await vault.remove(key);
  assert.deepEqual(await accounts(service), []);
  assert.equal(await vault.use(key, (s) => s), null);
});

test('a secret is removed at its expiry', async () => {
  const { service, vault } = await fresh();
  const key = await vault.put('gc-exp', 'canary-secret-2', Date.now() + 300);
  assert.equal((await accounts(service)).length, 1);
  await waitFor('the expired secret removed from the keychain', async () => (await accounts(service)).length === 0);
  assert.equal(await vault.use(key, (s) => s), null);
});

test('wipe removes everything (quit)', async () => {
  const { service, vault } = await fresh();
  await vault.put('gc-1', 'a', Date.now() + 60_000);
  await vault.put('gc-2', 'b', Date.now() + 60_000);
  await vault.wipe();
  assert.deepEqual(await accounts(service), []);
});

test('after a SIGKILLed process, the next start sweeps what it left', async () => {
  const service = uniqueKeyringService('vault-crash');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  const script = `
    import { osKeychain } from './main/daemon/vault/keychain';
    import { Vault } from './main/daemon/vault/vault';
    const vault = await Vault.open(osKeychain(${JSON.stringify(service)}), ${JSON.stringify(indexPath)});
    await vault.put('gc-crash', 'canary-secret-3', Date.now() + 600000);
    console.log('stored');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('stored') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal((await accounts(service)).length, 1, 'the killed process left its secret behind');
  await Vault.open(osKeychain(service), indexPath);
  assert.deepEqual(await accounts(service), []);
});
