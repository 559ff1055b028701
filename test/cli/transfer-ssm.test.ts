// `gamelift-connect put`, `get` and `ls` on an SDK 5 Linux compute and a container compute: the
// daemon the command starts copies over Session Manager (the emulated agent's real shell). The
// compute is this machine, so the files are compared byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { runCliProcess } from './cli-process';

const SDK5_FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const COMPUTE = 'i-0a1f5c2e9b7d30001';
const CONTAINER_FLEET = 'containerfleet-2a9c6e1d-0003-4b7f-8e3a-6c1d9f2b0003';

let emulator: Emulator;
let dir: string;
before(async () => {
  assertPrivateKeyring();
  emulator = await startEmulator({ agent: { pacingMs: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'glc-cli-ssm-transfer-'));
});
after(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('put then get --json on an SDK 5 compute: the same bytes come back; ls lists them', async () => {
  const bytes = randomBytes(512 * 1024 + 3);
  await writeFile(join(dir, 'orig.bin'), bytes);
  const put = runCliProcess(emulator, ['put', SDK5_FLEET, COMPUTE, join(dir, 'orig.bin'), join(dir, 'remote copy.bin'), '--json']);
  assert.equal(await put.exit, 0, put.stderr());
  assert.deepEqual(JSON.parse(put.stdout()), { path: join(dir, 'remote copy.bin'), bytes: bytes.length, sha256: sha256(bytes) });
  const get = runCliProcess(emulator, ['get', SDK5_FLEET, COMPUTE, join(dir, 'remote copy.bin'), join(dir, 'back.bin'), '--json']);
  assert.equal(await get.exit, 0, get.stderr());
  assert.equal(sha256(await readFile(join(dir, 'back.bin'))), sha256(bytes));
  assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.part-')), []);

  const ls = runCliProcess(emulator, ['ls', SDK5_FLEET, COMPUTE, dir]);
  assert.equal(await ls.exit, 0, ls.stderr());
  const lines = ls.stdout().split('\n');
  assert.equal(lines[0], `${dir}:`);
  assert.match(ls.stdout(), new RegExp(`^-\\s+${bytes.length}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+remote copy\\.bin$`, 'm'));
  const json = runCliProcess(emulator, ['ls', SDK5_FLEET, COMPUTE, dir, '--json']);
  assert.equal(await json.exit, 0, json.stderr());
  const listed = JSON.parse(json.stdout()) as { path: string; entries: Array<{ name: string; size: number }> };
  assert.deepEqual(listed.entries.map((e) => e.name).sort(), ['back.bin', 'orig.bin', 'remote copy.bin']);
});

test('a container compute: ls of a folder with a newline name, a missing path fails clearly (exit 1)', async () => {
  const computes = runCliProcess(emulator, ['computes', CONTAINER_FLEET, '--json']);
  assert.equal(await computes.exit, 0, computes.stderr());
  const compute = (JSON.parse(computes.stdout()) as Array<{ computeName: string }>)[0]!.computeName;
  const folder = join(dir, 'odd');
  await mkdir(folder);
  await writeFile(join(folder, 'two\nlines'), 'x');
  const ls = runCliProcess(emulator, ['ls', CONTAINER_FLEET, compute, folder]);
  assert.equal(await ls.exit, 0, ls.stderr());
  assert.match(ls.stdout(), /"two\\nlines"$/m, 'a newline name is shown escaped, on one line');
  const missing = runCliProcess(emulator, ['get', CONTAINER_FLEET, compute, join(dir, 'no such file'), dir, '--host']);
  assert.equal(await missing.exit, 1);
  assert.match(missing.stderr(), /no such file does not exist on the compute\./);
});
