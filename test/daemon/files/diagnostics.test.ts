// collectDiagnostics on an SDK 4 Linux instance end to end: GetInstanceAccess through the emulator,
// the gather script over an ssh2 exec to a real OpenSSH whose "instance" has its own /local (a
// private mount namespace: emulator/core/instance-root.ts) holding game logs, the metadata file and
// core files where its core_pattern puts them. The archive is opened with the real tar.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { ManifestItem } from '../../../main/daemon/files/diagnostics';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startSdk4Harness, type Harness } from '../harness';

const INSTANCE = 'i-0d4a8f5b2e0a60001';
const target = { fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true };
const MiB = 1024 * 1024;
const ODD_NAME = 'odd "quoted" \\ back\tslash é.log';

let h: Harness;
let root: string;
let outDir: string;
const serverLog = randomBytes(3000).toString('base64');
const metadata = JSON.stringify({ buildId: 'build-5e1f0a6b-0001-4c4e-9b1a-2f6a4c8d0001', fleetId: FLEETS.sdk4Linux, instanceId: INSTANCE });
/** Incompressible, so the archive spans many SSH packets (the cancel test stops it after the first). */
const noise = randomBytes(3 * MiB);

before(async () => {
  assertPrivateKeyring();
  root = await mkdtemp(join(tmpdir(), 'glc-instance-'));
  const local = join(root, 'local');
  await mkdir(join(local, 'game/logs/old'), { recursive: true });
  await mkdir(join(local, 'gamemetadata'), { recursive: true });
  await mkdir(join(local, 'cores'), { recursive: true });
  await writeFile(join(local, 'game/logs/server.log'), serverLog);
  // A name with quotes, a backslash, a tab and non-ASCII: the manifest stays valid JSON and names it exactly.
  await writeFile(join(local, 'game/logs', ODD_NAME), 'odd');
  await writeFile(join(local, 'game/logs/old/noise.bin'), noise);
  await writeFile(join(local, 'gamemetadata/gamelift-metadata.json'), metadata);
  // A named pipe called like a log: reading it would block for ever; it must not be read.
  execFileSync('mkfifo', [join(local, 'game/logs/stuck.log')]);
  // A 40 MiB log (sparse): only its last 16 MiB are kept.
  await writeFile(join(local, 'game/logs/huge.log'), '');
  await truncate(join(local, 'game/logs/huge.log'), 40 * MiB);
  // Cores where this instance's core_pattern puts them: four small ones of different ages and a
  // 3 GiB one (sparse) that must be skipped, not copied.
  await writeFile(join(root, 'core_pattern'), '/local/cores/core.%e.%p\n');
  for (let i = 1; i <= 4; i++) {
    const core = join(local, `cores/core.GameServer.${1000 + i}`);
    await writeFile(core, `core ${i}`);
    const t = new Date(Date.now() - (10 - i) * 60_000);
    await utimes(core, t, t);
  }
  await writeFile(join(local, 'cores/core.GameServer.2000'), '');
  await truncate(join(local, 'cores/core.GameServer.2000'), 3 * 1024 * MiB);
  h = await startSdk4Harness(INSTANCE, { instanceRoot: root });
});
let n = 0;
const fresh = async () => {
  n += 1;
  outDir = await mkdtemp(join(tmpdir(), `glc-diag-out-${n}-`));
};
afterEach(async () => {
  assert.deepEqual((await h.daemon.api.listSessions({})).sessions.filter((s) => s.state !== 'ended'), []);
  assert.deepEqual(await h.vaultAccounts(), [], 'no secret outlives a collect');
  await rm(outDir, { recursive: true, force: true });
});
after(async () => {
  await h?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const code = (c: string, message?: RegExp) => (e: Error & { code?: string }) => e.code === c && (!message || message.test(e.message));
/** The script's staging folders for this instance (named after the compute) on the "instance", this machine. */
const stagingDirs = async () => (await readdir('/var/tmp')).filter((f) => f.startsWith(`gamelift-diagnostics.${INSTANCE}.`));

test('collect: one .tar.gz the real tar extracts, with a manifest of what was found, cut, skipped and missing', async () => {
  await fresh();
  const transferId = `diag-${n}`;
  const before = await stagingDirs();
  const result = await h.daemon.api.collectDiagnostics({ ...target, outDir, transferId });
  assert.match(result.path, new RegExp(`^${outDir}/gamelift-diagnostics-${FLEETS.sdk4Linux}-${INSTANCE}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
  assert.deepEqual(await readdir(outDir), [result.path.slice(outDir.length + 1)], 'only the archive, nothing partial');
  const archive = await readFile(result.path);
  assert.equal(result.bytes, archive.length);
  assert.equal(result.sha256, sha256(archive));

  const x = await mkdtemp(join(tmpdir(), 'glc-diag-x-'));
  try {
    execFileSync('tar', ['-xzf', result.path, '-C', x]);
    const base = join(x, 'gamelift-diagnostics');
    const manifest = JSON.parse(await readFile(join(base, 'manifest.json'), 'utf8')) as { fleetId: string; computeName: string; tool: string; items: ManifestItem[] };
    assert.equal(manifest.fleetId, FLEETS.sdk4Linux);
    assert.equal(manifest.computeName, INSTANCE);
    assert.match(manifest.tool, /^gamelift-connect \d/);
    const bySource = (s: string) => manifest.items.find((i) => i.source === s);

    // Found, with the right bytes, where the manifest says.
    for (const [source, content] of [
      ['/local/game/logs/server.log', Buffer.from(serverLog)],
      ['/local/game/logs/old/noise.bin', noise],
      ['/local/gamemetadata/gamelift-metadata.json', Buffer.from(metadata)],
    ] as const) {
      const item = bySource(source);
      assert.equal(item?.status, 'found', source);
      assert.equal(item.bytes, content.length);
      assert.equal(sha256(await readFile(join(base, item.path!))), sha256(content), source);
    }
    const odd = bySource(`/local/game/logs/${ODD_NAME}`);
    assert.equal(odd?.status, 'found');
    assert.equal(await readFile(join(base, odd.path!), 'utf8'), 'odd');
    // A huge log: its last 16 MiB.
    const huge = bySource('/local/game/logs/huge.log');
    assert.equal(huge?.status, 'truncated');
    assert.equal(huge.sourceBytes, 40 * MiB);
    assert.equal((await readFile(join(base, huge.path!))).length, 16 * MiB);
    // Cores: the newest three whole, the oldest left out, the 3 GiB one skipped with its size.
    assert.equal((await readFile(join(base, 'system/core_pattern.txt'), 'utf8')).trim(), '/local/cores/core.%e.%p');
    for (const i of [2, 3, 4]) {
      const core = bySource(`/local/cores/core.GameServer.${1000 + i}`);
      assert.equal(core?.status, 'found', `core ${i}`);
      assert.equal(await readFile(join(base, core.path!), 'utf8'), `core ${i}`);
    }
    assert.equal(bySource('/local/cores/core.GameServer.1001')?.status, 'skipped');
    const big = bySource('/local/cores/core.GameServer.2000');
    assert.equal(big?.status, 'skipped');
    assert.equal(big.sourceBytes, 3 * 1024 * MiB);
    assert.match(big.reason ?? '', /limit/);
    assert.equal(bySource('/local/game/logs/stuck.log'), undefined, 'a named pipe is no log file');
    // Not on this instance: the agent's logs.
    assert.equal(bySource('/local/gameliftagent/logs')?.status, 'missing');
    // The compute's state.
    for (const kind of ['processes', 'disk', 'memory']) assert.equal(manifest.items.find((i) => i.kind === kind)?.status, 'found', kind);
    assert.match(await readFile(join(base, 'system/processes.txt'), 'utf8'), /sshd/);

    const count = (...s: string[]) => manifest.items.filter((i) => s.includes(i.status)).length;
    assert.equal(result.found, count('found', 'truncated'));
    assert.equal(result.missing, count('missing'));
    assert.equal(result.skipped, count('skipped'));
  } finally {
    await rm(x, { recursive: true, force: true });
  }
  assert.deepEqual(h.progress(transferId).at(-1), { transferId, bytes: result.bytes, total: result.bytes });
  await waitFor("the instance's staging folder to be removed", async () => (await stagingDirs()).every((d) => before.includes(d)), 30_000);
  const session = (await h.daemon.api.listSessions({})).sessions.find((s) => s.kind === 'transfer');
  assert.equal(session?.transport, 'ssh');
});

test('cancel: stopped once bytes flow, nothing is kept here or on the instance', async () => {
  await fresh();
  const transferId = `diag-cancel-${n}`;
  const before = await stagingDirs();
  let asked = false;
  const off = h.daemon.events.subscribe((event, payload) => {
    if (event !== 'transferProgress' || (payload as { transferId: string }).transferId !== transferId || asked) return;
    asked = true;
    void h.daemon.api.cancelTransfer({ transferId });
  });
  try {
    await assert.rejects(h.daemon.api.collectDiagnostics({ ...target, outDir, transferId }), code('Unreachable', /cancelled/));
  } finally {
    off();
  }
  assert.ok(asked, 'progress was reported before the cancel');
  assert.deepEqual(await readdir(outDir), []);
  await waitFor('the staging folder on the instance to go', async () => (await stagingDirs()).every((d) => before.includes(d)), 30_000);
});

test('an unwritable or relative folder is refused before anything is asked of AWS', async () => {
  await fresh();
  const sessionsBefore = (await h.daemon.api.listSessions({})).sessions.length;
  // /sys refuses new files even to root.
  await assert.rejects(h.daemon.api.collectDiagnostics({ ...target, outDir: '/sys' }), code('AccessDenied', /\/sys/));
  await assert.rejects(h.daemon.api.collectDiagnostics({ ...target, outDir: 'relative/dir' }), code('InvalidInput', /absolute/));
  await assert.rejects(h.daemon.api.collectDiagnostics({ ...target, outDir: join(outDir, 'nope') }), code('NotFound'));
  assert.equal((await h.daemon.api.listSessions({})).sessions.length, sessionsBefore, 'no session was opened');
});

test('a Windows instance is Unsupported, and leaves no file', async () => {
  await fresh();
  await assert.rejects(h.daemon.api.collectDiagnostics({ fleetId: FLEETS.sdk4Windows, computeName: 'i-0e5b9a6c3f1b70001', outDir }), code('Unsupported'));
  assert.deepEqual(await readdir(outDir), []);
});
