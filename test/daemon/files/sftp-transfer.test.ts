// downloadFile / uploadFile on an SDK 4 Linux instance end to end: GetInstanceAccess through the
// emulator, the key in the real keychain only while the copy lasts, the SSH port opened for
// 127.0.0.1/32 and revoked after, SFTP to a real local OpenSSH. The "instance" is this machine, so
// its files are checked directly: exact bytes (SHA-256), and no partial file on either side.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { DescribeFleetPortSettingsCommand } from '@aws-sdk/client-gamelift';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startSdk4Harness, type Harness } from '../harness';

const INSTANCE = 'i-0d4a8f5b2e0a60001';
const target = { fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true };

let h: Harness;
let remoteDir: string;
let localDir: string;
before(async () => {
  assertPrivateKeyring();
  h = await startSdk4Harness(INSTANCE);
});
let n = 0;
const fresh = async () => {
  n += 1;
  remoteDir = await mkdtemp(join(tmpdir(), `glc-remote-${n}-`));
  localDir = await mkdtemp(join(tmpdir(), `glc-local-${n}-`));
};
afterEach(async () => {
  // Every copy, finished or failed, leaves no session, no secret and no rule behind.
  assert.deepEqual((await h.daemon.api.listSessions({})).sessions.filter((s) => s.state !== 'ended'), []);
  assert.deepEqual(await h.vaultAccounts(), [], 'no secret outlives a transfer');
  assert.deepEqual(await sshRules(), [], 'the /32 rule is revoked after a transfer');
  await rm(remoteDir, { recursive: true, force: true });
  await rm(localDir, { recursive: true, force: true });
});
after(async () => {
  await h?.close();
});

const sshRules = async () =>
  ((await h.daemon.identity.gamelift().send(new DescribeFleetPortSettingsCommand({ FleetId: FLEETS.sdk4Linux }))).InboundPermissions ?? []).filter((r) => r.FromPort === 22);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fileSha = async (p: string) => sha256(await readFile(p));
const noPartials = async (dir: string) => assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.part-')), [], `no partial file in ${dir}`);
const code = (c: string) => (e: Error & { code?: string }) => e.code === c;

test('download: a binary file whose name has spaces, quotes and a newline arrives byte for byte', async () => {
  await fresh();
  const name = `it's a "bin"\nfile.dat`;
  const bytes = randomBytes(300_000);
  bytes[0] = 0;
  bytes[1] = 0xff;
  await writeFile(join(remoteDir, name), bytes);
  const result = await h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, name), localPath: localDir });
  assert.equal(result.path, join(localDir, name));
  assert.equal(result.bytes, bytes.length);
  assert.equal(result.sha256, sha256(bytes));
  assert.equal(await fileSha(result.path), sha256(bytes));
  await noPartials(localDir);
  const session = (await h.daemon.api.listSessions({})).sessions.find((s) => s.kind === 'transfer');
  assert.equal(session?.transport, 'ssh');
  assert.equal(session?.state, 'ended');
});

test('upload: a 64 MiB file lands whole under its name, with progress events, and nothing partial beside it', async () => {
  await fresh();
  const bytes = randomBytes(64 * 1024 * 1024);
  const local = join(localDir, 'big file.bin');
  await writeFile(local, bytes);
  const before = h.emitted.length;
  const result = await h.daemon.api.uploadFile({ ...target, localPath: local, remotePath: `${remoteDir}/`, transferId: 'up-64' });
  assert.equal(result.path, join(remoteDir, 'big file.bin'));
  assert.equal(result.bytes, bytes.length);
  assert.equal(result.sha256, sha256(bytes));
  assert.equal(await fileSha(result.path), sha256(bytes));
  await noPartials(remoteDir);
  const progress = h.emitted.slice(before).filter((e) => e.event === 'transferProgress').map((e) => e.payload as { transferId: string; bytes: number; total: number });
  assert.ok(progress.length >= 1 && progress.every((p) => p.transferId === 'up-64' && p.total === bytes.length));
  assert.equal(progress.at(-1)?.bytes, bytes.length, 'the last event says all of it');
});

test('a 64 MiB download, and a 0-byte file both ways', async () => {
  await fresh();
  const big = randomBytes(64 * 1024 * 1024);
  await writeFile(join(remoteDir, 'big.bin'), big);
  const got = await h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'big.bin'), localPath: join(localDir, 'copy.bin') });
  assert.equal(await fileSha(join(localDir, 'copy.bin')), sha256(big));
  assert.equal(got.sha256, sha256(big));

  await writeFile(join(remoteDir, 'empty'), '');
  const empty = await h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'empty'), localPath: join(localDir, 'empty') });
  assert.deepEqual({ bytes: empty.bytes, size: (await stat(join(localDir, 'empty'))).size }, { bytes: 0, size: 0 });
  await writeFile(join(localDir, 'empty-up'), '');
  const up = await h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'empty-up'), remotePath: join(remoteDir, 'empty-up') });
  assert.equal(up.sha256, sha256(Buffer.alloc(0)));
  assert.equal((await stat(join(remoteDir, 'empty-up'))).size, 0);
  await noPartials(localDir);
  await noPartials(remoteDir);
});

test('bad input is a clear error that loses nothing', async () => {
  await fresh();
  await writeFile(join(remoteDir, 'f.txt'), 'remote');
  await writeFile(join(localDir, 'f.txt'), 'local, kept');
  await mkdir(join(remoteDir, 'sub'));

  await assert.rejects(h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'missing'), localPath: localDir }), code('NotFound'));
  await assert.rejects(h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'sub'), localPath: join(localDir, 'x') }), (e: Error & { code?: string }) => e.code === 'InvalidInput' && /folder/.test(e.message));
  await assert.rejects(h.daemon.api.downloadFile({ ...target, remotePath: '/dev/null', localPath: join(localDir, 'null') }), (e: Error & { code?: string }) => e.code === 'InvalidInput' && /not a regular file/.test(e.message));
  await assert.rejects(h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'f.txt'), localPath: join(localDir, 'nope', 'f.txt') }), (e: Error & { code?: string }) => e.code === 'NotFound' && /does not exist/.test(e.message));
  await assert.rejects(h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'f.txt'), localPath: localDir }), (e: Error & { code?: string }) => e.code === 'InvalidInput' && /already exists/.test(e.message));
  assert.equal(await readFile(join(localDir, 'f.txt'), 'utf8'), 'local, kept');
  await assert.rejects(h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'f.txt'), remotePath: join(remoteDir, 'f.txt') }), (e: Error & { code?: string }) => e.code === 'InvalidInput' && /already exists/.test(e.message));
  assert.equal(await readFile(join(remoteDir, 'f.txt'), 'utf8'), 'remote');
  await assert.rejects(h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'missing'), remotePath: remoteDir }), code('NotFound'));
  await assert.rejects(h.daemon.api.uploadFile({ ...target, localPath: localDir, remotePath: remoteDir }), code('InvalidInput'));
  await assert.rejects(h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'f.txt'), remotePath: join(remoteDir, 'nodir', 'f.txt') }), code('NotFound'));
  // Permission: even root may not create a file in /sys.
  await assert.rejects(h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'f.txt'), remotePath: '/sys/glc-upload-test' }), code('AccessDenied'));
  assert.ok(!existsSync('/sys/glc-upload-test'));

  // overwrite: true replaces, both ways.
  await h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'f.txt'), localPath: localDir, overwrite: true });
  assert.equal(await readFile(join(localDir, 'f.txt'), 'utf8'), 'remote');
  await writeFile(join(localDir, 'g.txt'), 'newer');
  await h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'g.txt'), remotePath: join(remoteDir, 'f.txt'), overwrite: true });
  assert.equal(await readFile(join(remoteDir, 'f.txt'), 'utf8'), 'newer');
  await noPartials(localDir);
  await noPartials(remoteDir);
});

test('a cancelled download leaves nothing under either name', async () => {
  await fresh();
  await writeFile(join(remoteDir, 'big.bin'), randomBytes(64 * 1024 * 1024));
  const before = h.emitted.length;
  const copy = h.daemon.api.downloadFile({ ...target, remotePath: join(remoteDir, 'big.bin'), localPath: localDir, transferId: 'dl-cancel' });
  const cancelled = (async () => {
    for (;;) {
      const p = h.emitted.slice(before).find((e) => e.event === 'transferProgress' && (e.payload as { transferId: string }).transferId === 'dl-cancel');
      if (p) return h.daemon.api.cancelTransfer({ transferId: 'dl-cancel' });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await assert.rejects(copy, (e: Error) => /cancelled/.test(e.message));
  assert.deepEqual(await cancelled, { cancelled: true });
  assert.deepEqual(await readdir(localDir), [], 'neither the file nor its partial copy');
  assert.deepEqual(await h.daemon.api.cancelTransfer({ transferId: 'dl-cancel' }), { cancelled: false }, 'no longer running');
});

test('a cancelled upload leaves nothing on the instance', async () => {
  await fresh();
  await writeFile(join(localDir, 'big.bin'), randomBytes(64 * 1024 * 1024));
  const before = h.emitted.length;
  const copy = h.daemon.api.uploadFile({ ...target, localPath: join(localDir, 'big.bin'), remotePath: `${remoteDir}/`, transferId: 'up-cancel' });
  const cancelled = (async () => {
    for (;;) {
      if (h.emitted.slice(before).some((e) => e.event === 'transferProgress')) return h.daemon.api.cancelTransfer({ transferId: 'up-cancel' });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await assert.rejects(copy, (e: Error) => /cancelled/.test(e.message));
  await cancelled;
  assert.deepEqual(await readdir(remoteDir), []);
});

test('Windows computes: Unsupported, saying why (RDP for SDK 4, PowerShell for SDK 5)', async () => {
  await fresh();
  for (const [fleetId, why] of [[FLEETS.sdk4Windows, /Remote Desktop/], [FLEETS.sdk5Windows, /PowerShell/]] as const) {
    const compute = (await h.daemon.api.listTargets({ fleetId })).targets[0]!.computeName;
    await assert.rejects(
      h.daemon.api.downloadFile({ fleetId, computeName: compute, remotePath: '/etc/hostname', localPath: localDir }),
      (e: Error & { code?: string }) => e.code === 'Unsupported' && why.test(e.message),
    );
  }
});

test('listDirectory over SFTP: names with newlines, types, sizes, times, the resolved path, the home; errors', async () => {
  await fresh();
  const odd = `new\nline 'q'`;
  await writeFile(join(remoteDir, odd), 'abcd');
  await mkdir(join(remoteDir, 'sub dir'));
  await symlink('sub dir', join(remoteDir, 'link'));
  const listed = await h.daemon.api.listDirectory({ ...target, path: join(remoteDir, 'link', '..') });
  assert.equal(listed.path, await realpath(remoteDir));
  assert.equal(listed.truncated, false);
  const byName = new Map(listed.entries.map((e) => [e.name, e]));
  assert.deepEqual([...byName.keys()].sort(), ['link', odd, 'sub dir'].sort());
  assert.deepEqual({ ...byName.get(odd)!, modifiedAt: undefined }, { name: odd, type: 'file', size: 4, modifiedAt: undefined });
  assert.equal(byName.get(odd)!.modifiedAt, Math.floor((await stat(join(remoteDir, odd))).mtimeMs / 1000) * 1000);
  assert.equal(byName.get('sub dir')!.type, 'directory');
  assert.equal(byName.get('link')!.type, 'symlink');
  const home = await h.daemon.api.listDirectory({ ...target, path: '~' });
  assert.equal(home.path, await realpath(userInfo().homedir));
  await assert.rejects(h.daemon.api.listDirectory({ ...target, path: join(remoteDir, 'nope') }), code('NotFound'));
  await assert.rejects(h.daemon.api.listDirectory({ ...target, path: join(remoteDir, odd) }), code('InvalidInput'));
});
