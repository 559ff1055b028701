// downloadFile / uploadFile / listDirectory on an SDK 5 Linux compute and a container compute,
// end to end: GetComputeAccess through the emulator, a `transfer` session of its own over Session
// Manager (the product's SSM client against the emulated agent, whose shell is a real /bin/sh on
// a pty; a container's `docker exec -i` runs it through pipes), the framed stream of
// main/daemon/files/remote-*.ts. Large files: ssm-*-large.test.ts; interruptions: ssm-transfer-interrupt.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../../support/wait';
import { awkwardBytes, code, containerCompute, noPartials, sdk5, sha256, useSsmFixture } from './support/ssm-fixture';

const f = useSsmFixture();

test('SDK 5: download and upload of awkward bytes under a name with spaces, quotes and a newline', async () => {
  await f.fresh();
  const name = `it's a "bin"\nfile $(x).dat`;
  const content = awkwardBytes();
  await writeFile(join(f.remoteDir, name), content);
  const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, name), localPath: f.localDir });
  assert.equal(down.path, join(f.localDir, name));
  assert.equal(down.bytes, content.length);
  assert.equal(down.sha256, sha256(content));
  assert.deepEqual(await readFile(down.path), content);
  const sessions = (await f.h.daemon.api.listSessions({})).sessions.filter((s) => s.kind === 'transfer');
  assert.ok(sessions.some((s) => s.transport === 'ssm'), 'a transfer session of its own, over SSM');
  assert.equal(f.h.emitted.filter((e) => e.event === 'terminalData').length, 0, 'no file bytes as terminal output');

  const back = `${name} back`;
  const up = await f.h.daemon.api.uploadFile({ ...sdk5, localPath: down.path, remotePath: join(f.remoteDir, back) });
  assert.equal(up.path, join(f.remoteDir, back));
  assert.deepEqual(await readFile(join(f.remoteDir, back)), content);
  await noPartials(f.remoteDir);
  await noPartials(f.localDir);
});


test('container compute: in the game server container by default (docker exec -i: pipes, no tty), or on the host', async () => {
  await f.fresh();
  const compute = await containerCompute(f.h);
  const content = awkwardBytes();
  await writeFile(join(f.remoteDir, 'in container.bin'), content);
  const sessionsBefore = (await f.h.daemon.api.listSessions({})).sessions.length;
  const down = await f.h.daemon.api.downloadFile({ ...compute, remotePath: join(f.remoteDir, 'in container.bin'), localPath: join(f.localDir, 'a.bin') });
  assert.deepEqual(await readFile(down.path), content);
  const used = (await f.h.daemon.api.listSessions({})).sessions.slice(sessionsBefore);
  assert.equal(used.length, 1);
  assert.equal(used[0]!.kind, 'transfer');
  assert.equal(used[0]!.target.shellIn, 'container');
  const up = await f.h.daemon.api.uploadFile({ ...compute, localPath: down.path, remotePath: `${f.remoteDir}/` });
  assert.equal(up.path, join(f.remoteDir, 'a.bin'));
  assert.deepEqual(await readFile(up.path), content);
  const onHost = await f.h.daemon.api.uploadFile({ ...compute, shellIn: 'host', localPath: down.path, remotePath: join(f.remoteDir, 'host.bin') });
  assert.deepEqual(await readFile(onHost.path), content);
  assert.equal((await f.h.daemon.api.listSessions({})).sessions.at(-1)!.target.shellIn, 'host');
  await noPartials(f.remoteDir);
});

test('0-byte files both ways', async () => {
  await f.fresh();
  await writeFile(join(f.remoteDir, 'empty'), '');
  const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'empty'), localPath: join(f.localDir, 'empty') });
  assert.equal(down.bytes, 0);
  assert.equal(down.sha256, sha256(Buffer.alloc(0)));
  assert.equal((await stat(down.path)).size, 0);
  const up = await f.h.daemon.api.uploadFile({ ...(await containerCompute(f.h)), localPath: down.path, remotePath: join(f.remoteDir, 'empty again') });
  assert.equal((await stat(up.path)).size, 0);
});

test('bad input: a missing file, a folder, an existing name, a missing folder, no permission; nothing is left anywhere', async () => {
  await f.fresh();
  await writeFile(join(f.remoteDir, 'there'), 'x');
  await writeFile(join(f.localDir, 'local'), 'local bytes');
  await assert.rejects(f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'missing'), localPath: f.localDir }), code('NotFound', /does not exist/));
  await assert.rejects(f.h.daemon.api.downloadFile({ ...sdk5, remotePath: f.remoteDir, localPath: join(f.localDir, 'dir') }), code('InvalidInput', /folder/));
  await assert.rejects(f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'local'), remotePath: join(f.remoteDir, 'there') }), code('InvalidInput', /already exists/));
  assert.equal(await readFile(join(f.remoteDir, 'there'), 'utf8'), 'x', 'an existing file is left alone');
  const replaced = await f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'local'), remotePath: join(f.remoteDir, 'there'), overwrite: true });
  assert.equal(await readFile(replaced.path, 'utf8'), 'local bytes');
  await assert.rejects(f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'local'), remotePath: join(f.remoteDir, 'no', 'such', 'f') }), code('NotFound'));
  // Root may write anywhere a mode allows: an immutable folder (chattr +i) refuses even root.
  const locked = join(f.remoteDir, 'locked');
  await mkdir(locked);
  execFileSync('chattr', ['+i', locked]);
  try {
    await assert.rejects(f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'local'), remotePath: `${locked}/` }), code('AccessDenied', /may not write/));
    assert.deepEqual(await readdir(locked), []);
  } finally {
    execFileSync('chattr', ['-i', locked]);
  }
  // And a write-only sysfs file refuses reading, even to root.
  const writeOnly = execFileSync('sh', ['-c', 'find /sys -perm 0200 -type f 2>/dev/null | head -1']).toString().trim();
  assert.ok(writeOnly, 'this machine has a write-only sysfs file');
  await assert.rejects(f.h.daemon.api.downloadFile({ ...sdk5, remotePath: writeOnly, localPath: join(f.localDir, 'wo') }), code('AccessDenied', /may not read/));
  assert.ok(!existsSync(join(f.localDir, 'wo')));
  await noPartials(f.remoteDir);
  await noPartials(f.localDir);
});

test('a full disk on either side: a clear error, nothing kept (a 1 MiB tmpfs on each side)', async () => {
  await f.fresh();
  const content = randomBytes(3 * 1024 * 1024);
  await writeFile(join(f.remoteDir, 'big.bin'), content);
  await writeFile(join(f.localDir, 'big.bin'), content);
  const remoteFull = join(f.remoteDir, 'full');
  const localFull = join(f.localDir, 'full');
  for (const dir of [remoteFull, localFull]) {
    await mkdir(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  }
  try {
    await assert.rejects(f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'big.bin'), remotePath: `${remoteFull}/` }), code('Unreachable', /compute's disk is full/));
    await assert.rejects(f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'big.bin'), localPath: localFull }), code('Unreachable', /local disk is full/));
    // The compute's side removes its files when its script exits.
    await waitFor('the compute emptied its full folder', async () => (await readdir(remoteFull)).length === 0, 10_000);
    assert.deepEqual(await readdir(localFull), []);
  } finally {
    for (const dir of [remoteFull, localFull]) execFileSync('umount', [dir]);
  }
});

test('listDirectory over SSM: names with newlines, types, sizes, times, the resolved path; errors', async () => {
  await f.fresh();
  const odd = `new\nline 'q' "dq"`;
  await writeFile(join(f.remoteDir, odd), 'abc');
  await mkdir(join(f.remoteDir, 'sub dir'));
  await symlink('sub dir', join(f.remoteDir, 'link'));
  await writeFile(join(f.remoteDir, '.hidden'), '');
  execFileSync('mkfifo', [join(f.remoteDir, 'fifo')]);
  for (const compute of [sdk5, await containerCompute(f.h)]) {
    const listed = await f.h.daemon.api.listDirectory({ ...compute, path: join(f.remoteDir, 'link', '..') });
    assert.equal(listed.path, f.remoteDir, 'absolute and resolved');
    assert.equal(listed.truncated, false);
    const byName = new Map(listed.entries.map((e) => [e.name, e]));
    assert.deepEqual([...byName.keys()].sort(), ['.hidden', 'fifo', 'link', odd, 'sub dir'].sort());
    assert.equal(byName.get(odd)!.type, 'file');
    assert.equal(byName.get(odd)!.size, 3);
    assert.equal(byName.get(odd)!.modifiedAt, Math.floor((await stat(join(f.remoteDir, odd))).mtimeMs / 1000) * 1000);
    assert.equal(byName.get('sub dir')!.type, 'directory');
    assert.equal(byName.get('link')!.type, 'symlink');
    assert.equal(byName.get('fifo')!.type, 'other');
  }
  const empty = await f.h.daemon.api.listDirectory({ ...sdk5, path: join(f.remoteDir, 'sub dir') });
  assert.deepEqual(empty.entries, []);
  await assert.rejects(f.h.daemon.api.listDirectory({ ...sdk5, path: join(f.remoteDir, 'nope') }), code('NotFound'));
  await assert.rejects(f.h.daemon.api.listDirectory({ ...sdk5, path: join(f.remoteDir, odd) }), code('InvalidInput', /not a folder/));
});

test('listDirectory caps at 5000 entries and says so', async () => {
  await f.fresh();
  const many = join(f.remoteDir, 'many');
  await mkdir(many);
  await Promise.all(Array.from({ length: 5003 }, (_, i) => writeFile(join(many, `f${i}`), '')));
  const listed = await f.h.daemon.api.listDirectory({ ...sdk5, path: many });
  assert.equal(listed.entries.length, 5000);
  assert.equal(listed.truncated, true);
});
