// `gamelift-connect collect` on a server SDK 4 Linux instance: the daemon the command starts runs
// the gather script over SSH on a real local OpenSSH whose "instance" has its own /local
// (emulator/core/instance-root.ts). The archive is opened with the real tar.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPrivateKeyring } from '../support/keyring';
import { startSdk4Linux, type Sdk4Linux } from './sdk4-linux';

const SDK4_FLEET = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const SDK4_WINDOWS_FLEET = 'fleet-2a9c6e1d-0005-4b7f-8e3a-6c1d9f2b0005';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

let sdk4: Sdk4Linux;
let root: string;
let dir: string;
before(async () => {
  assertPrivateKeyring();
  root = await mkdtemp(join(tmpdir(), 'glc-cli-instance-'));
  await mkdir(join(root, 'local/game/logs'), { recursive: true });
  await writeFile(join(root, 'local/game/logs/server.log'), 'server started\nplayer joined\n');
  sdk4 = await startSdk4Linux({ instanceRoot: root });
  dir = await mkdtemp(join(tmpdir(), 'glc-cli-collect-'));
});
after(async () => {
  await sdk4?.stop();
  for (const d of [dir, root]) if (d) await rm(d, { recursive: true, force: true });
});

test('collect --out --json: the archive lands in the folder, the JSON names it, and stderr has one final line', async () => {
  const run = sdk4.run(['collect', SDK4_FLEET, INSTANCE, '--out', dir, '--open-port', '--json']);
  assert.equal(await run.exit, 0, run.stderr());
  const result = JSON.parse(run.stdout()) as { path: string; bytes: number; sha256: string; found: number; missing: number; skipped: number };
  assert.deepEqual(Object.keys(result).sort(), ['bytes', 'found', 'missing', 'path', 'sha256', 'skipped']);
  assert.deepEqual(await readdir(dir), [result.path.slice(dir.length + 1)]);
  assert.match(result.path, /gamelift-diagnostics-fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004-i-0d4a8f5b2e0a60001-\d{8}T\d{6}Z\.tar\.gz$/);
  const archive = await readFile(result.path);
  assert.equal(result.bytes, archive.length);
  assert.equal(result.sha256, createHash('sha256').update(archive).digest('hex'));
  // The metadata file and the agent's logs are not on this instance: missing, and counted.
  assert.ok(result.missing >= 2, `missing: ${result.missing}`);
  assert.equal(execFileSync('tar', ['-xzOf', result.path, 'gamelift-diagnostics/game/logs/server.log'], { encoding: 'utf8' }), 'server started\nplayer joined\n');
  assert.match(run.stderr(), /^Saved .+\.tar\.gz \([\d.]+ (B|KiB|MiB), [\d.]+ s\): \d+ found, \d+ missing, \d+ skipped .*sha256 [0-9a-f]{64}\n$/);
  await rm(result.path);
});

test('collect fails clearly: an unwritable --out exits 1 before anything is asked, a Windows instance exits 1, a stray argument exits 2', async () => {
  const unwritable = sdk4.run(['collect', SDK4_FLEET, INSTANCE, '--out', '/sys', '--open-port']);
  assert.equal(await unwritable.exit, 1);
  assert.match(unwritable.stderr(), /^gamelift-connect: You may not write into \/sys\./);
  assert.equal(unwritable.stdout(), '');

  const windows = sdk4.run(['collect', SDK4_WINDOWS_FLEET, 'i-0e5b9a6c3f1b70001', '--out', dir]);
  assert.equal(await windows.exit, 1);
  assert.match(windows.stderr(), /Linux computes for now/);

  const stray = sdk4.run(['collect', SDK4_FLEET, INSTANCE, 'extra']);
  assert.equal(await stray.exit, 2);
  assert.match(stray.stderr(), /unexpected argument "extra"/);
  assert.deepEqual(await readdir(dir), [], 'nothing left behind');
});

test('Ctrl-C during collect cancels it in the daemon: exit 130, nothing under the final name nor partial', async () => {
  const out = await mkdtemp(join(tmpdir(), 'glc-cli-collect-cancel-'));
  try {
    const run = sdk4.run(['collect', SDK4_FLEET, INSTANCE, '--out', out, '--open-port']);
    // Interrupted once the partial file exists: the daemon has taken the collect on.
    for (let i = 0; i < 600 && !(await readdir(out)).some((f) => f.includes('.part-')); i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.ok((await readdir(out)).length > 0, 'the collect started');
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 130, run.stderr());
    assert.match(run.stderr(), /Cancelled: nothing was kept\.\n$/);
    assert.deepEqual(await readdir(out), []);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
