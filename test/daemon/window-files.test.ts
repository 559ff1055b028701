// The window's file helpers against the real file system: the downloads folder the daemon picks,
// Show in folder only for files it wrote, and staged uploads (web mode's drag-and-drop).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import type { MethodInput } from '../../preload/contract';
import { DaemonError } from '../../main/daemon/errors';
import { downloadsFolder, MAX_CHUNK_BYTES, WindowFiles } from '../../main/daemon/window-files';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'gc-window-files-'));
  dirs.push(root);
  const downloads: Array<MethodInput<'downloadFile'>> = [];
  const uploads: Array<{ input: MethodInput<'uploadFile'>; bytes: Buffer; mode: number }> = [];
  const opened: string[] = [];
  const files = new WindowFiles({
    downloadsDir: join(root, 'Downloads'),
    stagingDir: join(root, 'data', 'upload-staging'),
    // The copy itself is files/transfers.ts's (tested against a real sshd): here, what it is asked.
    download: async (input) => {
      downloads.push(input);
      const path = join(input.localPath, basename(input.remotePath));
      await writeFile(path, 'remote bytes');
      return { transferId: 't', path, bytes: 12, sha256: 'x' };
    },
    upload: async (input) => {
      const st = await stat(input.localPath);
      uploads.push({ input, bytes: await readFile(input.localPath), mode: st.mode & 0o777 });
      return { transferId: 't', path: `${input.remotePath}${basename(input.localPath)}`, bytes: st.size, sha256: 'x' };
    },
    openFolder: async (dir) => {
      opened.push(dir);
      return true;
    },
  });
  return { root, files, downloads, uploads, opened };
}

const refusal = (code: string) => (err: unknown) => err instanceof DaemonError && err.code === code;

test('downloadsFolder: GAMELIFT_CONNECT_DOWNLOADS_DIR, else ~/Downloads', () => {
  assert.equal(downloadsFolder({ GAMELIFT_CONNECT_DOWNLOADS_DIR: '/srv/dl' }), '/srv/dl');
  assert.match(downloadsFolder({}), /[/\\]Downloads$/);
});

test('downloadToFolder saves into the downloads folder (created), and only what the daemon wrote can be shown in its folder', async () => {
  const { root, files, downloads, opened } = await setup();
  const result = await files.downloadToFolder({ fleetId: 'fleet-1', computeName: 'i-1', remotePath: '/var/log/app.log' });
  assert.equal(downloads[0]?.localPath, join(root, 'Downloads'));
  assert.equal(result.path, join(root, 'Downloads', 'app.log'));
  assert.deepEqual(await files.reveal(result.path), { opened: true });
  assert.deepEqual(opened, [join(root, 'Downloads')]);

  const elsewhere = join(root, 'not-ours.desktop');
  await writeFile(elsewhere, '[Desktop Entry]');
  await assert.rejects(files.reveal(elsewhere), refusal('NotFound'));
  await assert.rejects(files.reveal('/etc/passwd'), refusal('NotFound'));
  assert.equal(opened.length, 1, 'no other folder was opened');

  await rm(result.path);
  await assert.rejects(files.reveal(result.path), refusal('NotFound'), 'a download deleted since is said to be gone');
});

test('a staged upload: chunks in order into a private file with the dropped name, uploaded, then removed', async () => {
  const { root, files, uploads } = await setup();
  const first = Buffer.alloc(MAX_CHUNK_BYTES, 1);
  const second = Buffer.from('the end');
  assert.deepEqual(await files.stage({ stagingId: 's1', name: 'my build.zip', offset: 0, data: first.toString('base64') }), { bytes: first.length });
  await assert.rejects(files.stage({ stagingId: 's1', name: 'my build.zip', offset: 5, data: second.toString('base64') }), refusal('InvalidInput'), 'a gap is refused');
  assert.deepEqual(await files.stage({ stagingId: 's1', name: 'my build.zip', offset: first.length, data: second.toString('base64') }), { bytes: first.length + second.length });
  await assert.rejects(files.stage({ stagingId: 's1', name: 'x', offset: first.length + second.length, data: Buffer.alloc(MAX_CHUNK_BYTES + 1).toString('base64') }), refusal('InvalidInput'));

  const result = await files.uploadStaged({ stagingId: 's1', fleetId: 'fleet-1', computeName: 'i-1', remotePath: '/tmp/' });
  assert.equal(result.path, '/tmp/my build.zip');
  const sent = uploads[0]!;
  assert.equal(basename(sent.input.localPath), 'my build.zip');
  assert.ok(sent.input.localPath.startsWith(join(root, 'data', 'upload-staging')));
  assert.deepEqual(sent.bytes, Buffer.concat([first, second]));
  assert.equal(sent.mode, 0o600, 'staged bytes are readable by the user only');
  assert.ok(!existsSync(dirname(sent.input.localPath)), 'the staging folder is gone after the upload');
  await assert.rejects(files.uploadStaged({ stagingId: 's1', fleetId: 'fleet-1', computeName: 'i-1', remotePath: '/tmp/' }), refusal('NotFound'));
});

test('a staged upload is removed when its upload fails, when restarted at offset 0, and when the daemon stops', async () => {
  const { root, files } = await setup();
  const staging = join(root, 'data', 'upload-staging');
  await files.stage({ stagingId: 'a', name: 'a.bin', offset: 0, data: Buffer.from('one').toString('base64') });
  await files.stage({ stagingId: 'a', name: 'a.bin', offset: 0, data: Buffer.from('again').toString('base64') });
  const failing = new WindowFiles({
    downloadsDir: root,
    stagingDir: staging,
    download: () => Promise.reject(new Error('unused')),
    upload: () => Promise.reject(new DaemonError('NotFound', '/nope does not exist on the instance.')),
    openFolder: async () => true,
  });
  await failing.stage({ stagingId: 'b', name: 'b.bin', offset: 0, data: '' });
  await assert.rejects(failing.uploadStaged({ stagingId: 'b', fleetId: 'fleet-1', computeName: 'i-1', remotePath: '/nope/' }), refusal('NotFound'));
  assert.equal((await readdir(staging)).length, 1, "only a's staging folder is left (its first try replaced, b's removed)");
  await files.close();
  assert.deepEqual(await readdir(staging), []);
});

test('discard (cancelTransfer during the sending): the staged bytes go at once, and later chunks are refused', async () => {
  const { root, files } = await setup();
  const staging = join(root, 'data', 'upload-staging');
  await files.stage({ stagingId: 'win-1', name: 'big.bin', offset: 0, data: Buffer.alloc(1000).toString('base64') });
  assert.equal(await files.discard('win-1'), true);
  assert.deepEqual(await readdir(staging), []);
  assert.equal(await files.discard('win-1'), false, 'nothing left to discard');
  await assert.rejects(files.stage({ stagingId: 'win-1', name: 'big.bin', offset: 1000, data: '' }), refusal('InvalidInput'));
  await assert.rejects(files.uploadStaged({ stagingId: 'win-1', fleetId: 'fleet-1', computeName: 'i-1', remotePath: '/tmp/' }), refusal('NotFound'));
});
