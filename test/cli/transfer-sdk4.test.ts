// `gamelift-connect get` and `put` on a server SDK 4 Linux instance: the daemon the command starts
// copies over SFTP to a real local OpenSSH (test/support/sshd.ts), through the emulator's
// GetInstanceAccess key. The instance is this machine, so the files are compared byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPrivateKeyring } from '../support/keyring';
import { startSdk4Linux, type Sdk4Linux } from './sdk4-linux';

const SDK4_FLEET = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

let sdk4: Sdk4Linux;
let dir: string;
before(async () => {
  assertPrivateKeyring();
  sdk4 = await startSdk4Linux();
  dir = await mkdtemp(join(tmpdir(), 'glc-cli-transfer-'));
});
after(async () => {
  await sdk4?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('put then get --json: the same bytes come back, the result names path, bytes and sha256, nothing partial is left', async () => {
  const bytes = randomBytes(2 * 1024 * 1024 + 7);
  await writeFile(join(dir, 'orig.bin'), bytes);
  const put = sdk4.run(['put', SDK4_FLEET, INSTANCE, join(dir, 'orig.bin'), join(dir, 'remote copy.bin'), '--open-port', '--json']);
  assert.equal(await put.exit, 0, put.stderr());
  assert.deepEqual(JSON.parse(put.stdout()), { path: join(dir, 'remote copy.bin'), bytes: bytes.length, sha256: sha256(bytes) });
  assert.match(put.stderr(), /^Uploaded 2\.0 MiB to .+ sha256 [0-9a-f]{64}\n$/, 'not a TTY: one final line');

  const get = sdk4.run(['get', SDK4_FLEET, INSTANCE, join(dir, 'remote copy.bin'), join(dir, 'back.bin'), '--open-port', '--json']);
  assert.equal(await get.exit, 0, get.stderr());
  assert.deepEqual(JSON.parse(get.stdout()), { path: join(dir, 'back.bin'), bytes: bytes.length, sha256: sha256(bytes) });
  assert.equal(sha256(await readFile(join(dir, 'back.bin'))), sha256(bytes));
  assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.part-')), []);
});

test('get fails clearly, exit 1: a missing remote file, an existing local one (kept), a closed port', async () => {
  const missing = sdk4.run(['get', SDK4_FLEET, INSTANCE, join(dir, 'no-such-file'), dir, '--open-port']);
  assert.equal(await missing.exit, 1);
  assert.match(missing.stderr(), /^gamelift-connect: .*no-such-file does not exist on the instance\./);

  await writeFile(join(dir, 'kept.txt'), 'mine');
  await writeFile(join(dir, 'src.txt'), 'theirs');
  const exists = sdk4.run(['get', SDK4_FLEET, INSTANCE, join(dir, 'src.txt'), join(dir, 'kept.txt'), '--open-port']);
  assert.equal(await exists.exit, 1);
  assert.match(exists.stderr(), /kept\.txt already exists/);
  assert.equal(await readFile(join(dir, 'kept.txt'), 'utf8'), 'mine');

  const closed = sdk4.run(['get', SDK4_FLEET, INSTANCE, join(dir, 'src.txt'), join(dir, 'x.txt')]);
  assert.equal(await closed.exit, 1);
  assert.match(closed.stderr(), /does not allow 127\.0\.0\.1 on port 22\.\n {2}Run again with --open-port/);
});

test('Ctrl-C during get cancels the copy: exit 130, nothing under the final name nor partial', async () => {
  const src = join(dir, 'big-src.bin');
  await writeFile(src, randomBytes(64 * 1024 * 1024));
  const out = await mkdtemp(join(tmpdir(), 'glc-cli-cancel-'));
  try {
    const get = sdk4.run(['get', SDK4_FLEET, INSTANCE, src, out, '--open-port']);
    // Interrupted once the partial file exists: the copy is under way.
    for (let i = 0; i < 600 && !(await readdir(out)).some((f) => f.includes('.part-')); i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.ok((await readdir(out)).length > 0, 'the copy started');
    get.child.kill('SIGINT');
    assert.equal(await get.exit, 130, get.stderr());
    assert.match(get.stderr(), /Cancelled: nothing was kept\.\n$/);
    assert.deepEqual(await readdir(out), []);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
