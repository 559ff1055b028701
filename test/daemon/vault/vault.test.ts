// The vault against the real Secret Service (a private gnome-keyring): secrets exist only while
// needed, expire on time, go at wipe, and a crashed process's leftovers are swept at the next start,
// while another live vault's secrets (a second daemon on the same keychain and data dir) are not.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { before, test } from 'node:test';
import { listAccounts, osKeychain } from '../../../main/daemon/vault/keychain';
import { Vault } from '../../../main/daemon/vault/vault';
import { assertPrivateKeyring, gatedKeychain, uniqueKeyringService } from '../../support/keyring';
import { waitFor } from '../../support/wait';

before(() => assertPrivateKeyring());

const accounts = (service: string) => listAccounts(service);

async function fresh() {
  const service = uniqueKeyringService('vault');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  return { service, indexPath, vault: await Vault.open(osKeychain(service), indexPath) };
}

test('a secret is in the keychain while held, lent to a call, and gone after remove', async () => {
  const { service, vault } = await fresh();
  const key = await vault.put('gc-abc', 'canary-secret-1', Date.now() + 60_000);
  assert.deepEqual(await accounts(service), [key]);
  assert.equal(await vault.use(key, (s) => s.length), 'canary-secret-1'.length);
  const index = await readFile(vault.indexPath, 'utf8');
  assert.match(index, new RegExp(key.replace('.', '\\.')));
  assert.ok(!index.includes('canary-secret-1'), 'the index holds no secret');
  await vault.remove(key);
  assert.deepEqual(await accounts(service), []);
  assert.equal(await vault.use(key, (s) => s), null);
});

test('a secret is removed at its expiry', async () => {
  const { service, vault } = await fresh();
  const key = await vault.put('gc-exp', 'canary-secret-2', Date.now() + 1000);
  assert.equal((await accounts(service)).length, 1);
  // Polled gently: a listing racing the expiry's delete is what gnome-keyring handles worst.
  await waitFor('the expired secret removed from the keychain', async () => (await accounts(service)).length === 0, 5000, 250);
  assert.equal(await vault.use(key, (s) => s), null);
});

test('wipe removes everything (quit), its index file too, and refuses later puts', async () => {
  const { service, indexPath, vault } = await fresh();
  await vault.put('gc-1', 'a', Date.now() + 60_000);
  await vault.put('gc-2', 'b', Date.now() + 60_000);
  await vault.wipe();
  assert.deepEqual(await accounts(service), []);
  assert.deepEqual(await readdir(dirname(indexPath)), []);
  await assert.rejects(vault.put('gc-3', 'c', Date.now() + 60_000), /stopping/);
  assert.deepEqual(await accounts(service), []);
});

test('a put under way when wipe() begins: wipe resolves only once that secret is gone too', async () => {
  const service = uniqueKeyringService('vault-wipe-race');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  const gate = gatedKeychain(osKeychain(service));
  const vault = await Vault.open(gate.keychain, indexPath);
  const held = gate.holdNextSet();
  const putting = vault.put('gc-race', 'canary-secret-race', Date.now() + 60_000);
  putting.catch(() => {});
  await held.entered; // the secret is on its way into the keychain, not there yet
  let wipeDone = false;
  const wiping = vault.wipe().then(() => (wipeDone = true));
  // Before the fix wipe() did not wait for the put and was done in a few milliseconds.
  await Promise.race([wiping, new Promise((r) => setTimeout(r, 1500))]);
  assert.equal(wipeDone, false, 'wipe() resolved while a secret was still being written');
  held.release();
  await wiping;
  assert.deepEqual(await accounts(service), [], 'nothing is left once wipe() resolves');
  await assert.rejects(putting, /stopping/, 'the put that lost the race says so');
});

/** A second process with a vault on the same keychain service and index path, holding one secret. */
async function vaultInChild(service: string, indexPath: string): Promise<{ child: ChildProcessByStdio<null, Readable, null>; key: string }> {
  const script = `
    import { osKeychain } from './main/daemon/vault/keychain';
    import { Vault } from './main/daemon/vault/vault';
    const vault = await Vault.open(osKeychain(${JSON.stringify(service)}), ${JSON.stringify(indexPath)});
    const key = await vault.put('gc-child', 'canary-secret-child', Date.now() + 600000);
    console.log('stored ' + key);
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const key = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const stored = /stored (\S+)\n/.exec(out);
      if (stored) resolve(stored[1]!);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  return { child, key };
}

async function killHard(child: ChildProcessByStdio<null, Readable, null>): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

test('two vaults on one keychain and index: opening and wiping one leaves the other\'s live secrets', async () => {
  const { service, indexPath, vault: first } = await fresh();
  const a = await first.put('gc-first-a', 'canary-secret-a', Date.now() + 60_000);
  const b = await first.put('gc-first-b', 'canary-secret-b', Date.now() + 60_000);
  const second = await Vault.open(osKeychain(service), indexPath);
  assert.deepEqual((await accounts(service)).sort(), [a, b].sort(), 'the second open swept nothing of the first');
  const c = await second.put('gc-second', 'canary-secret-c', Date.now() + 60_000);
  await second.wipe();
  assert.deepEqual((await accounts(service)).sort(), [a, b].sort(), 'the second wipe removed its own secret only');
  assert.equal(await first.use(a, (s) => s), 'canary-secret-a');
  assert.notEqual(c, a);
  await first.wipe();
  assert.deepEqual(await accounts(service), []);
});

test('a vault with its index elsewhere (another data dir) on the same keychain service leaves the live one\'s secrets', async () => {
  const { service, vault: first } = await fresh();
  const a = await first.put('gc-first', 'canary-secret-a', Date.now() + 60_000);
  const elsewhere = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  const second = await Vault.open(osKeychain(service), elsewhere);
  await second.wipe();
  assert.deepEqual(await accounts(service), [a]);
  await first.wipe();
});

test('a live daemon process keeps its secret through another process\'s open and wipe; once killed, the next open sweeps it', async () => {
  const service = uniqueKeyringService('vault-two-procs');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  const { child, key } = await vaultInChild(service, indexPath);
  try {
    const here = await Vault.open(osKeychain(service), indexPath);
    assert.deepEqual(await accounts(service), [key], 'the live process\'s secret survives our open');
    const mine = await here.put('gc-here', 'canary-secret-here', Date.now() + 60_000);
    assert.deepEqual((await accounts(service)).sort(), [key, mine].sort());
    await here.wipe();
    assert.deepEqual(await accounts(service), [key], 'and our wipe');
  } finally {
    await killHard(child);
  }
  assert.deepEqual(await accounts(service), [key], 'the killed process left its secret behind');
  const next = await Vault.open(osKeychain(service), indexPath);
  assert.deepEqual(await accounts(service), [], 'a dead owner\'s secret is swept');
  assert.deepEqual(await readdir(dirname(indexPath)), [], 'with its index file');
  await next.wipe();
});

test('a secret no index claims (left by a crash mid-removal, or an older version) is swept at open', async () => {
  const service = uniqueKeyringService('vault-unclaimed');
  const indexPath = join(await mkdtemp(join(tmpdir(), 'glc-vault-')), 'vault-index.json');
  await osKeychain(service).set('gc-stray.0000', 'canary-secret-stray');
  const vault = await Vault.open(osKeychain(service), indexPath);
  assert.deepEqual(await accounts(service), []);
  await vault.wipe();
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
