// Sharing a local folder with an RDP session: what is refused before any access is issued (no
// folder, a file, a relative path, a bad name, a comma xfreerdp would split at), and what each
// platform's client shares and where Windows shows it (the whole drive with mstsc; nothing the
// daemon can ask of the macOS client).
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { DaemonError } from '../../../main/daemon/errors';
import { defaultShareName, prepareFolderShare, shareOn } from '../../../main/daemon/rdp/shared-folder';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glc-share-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const refused = (code: string, message: RegExp) => (e: unknown) => {
  assert.ok(e instanceof DaemonError, String(e));
  assert.equal(e.code, code);
  assert.match(e.message, message);
  assert.ok(e.hint, 'a hint says what to do');
  return true;
};

test('Linux: a folder with spaces and non-ASCII characters is shared as itself, named from its own name', async () => {
  const folder = join(dir, 'Build Output ü 2');
  await mkdir(folder);
  const { share, shared } = await prepareFolderShare({ path: folder }, 'linux');
  assert.deepEqual(share, { path: folder, name: 'Build_Output_2' });
  assert.deepEqual(shared, { localPath: folder, name: 'Build_Output_2', remotePath: '\\\\tsclient\\Build_Output_2' });
});

test('a name given is used; the path is normalised', async () => {
  const folder = join(dir, 'named');
  await mkdir(folder);
  const { share } = await prepareFolderShare({ path: `${folder}/./`, name: 'logs-1' }, 'linux');
  assert.deepEqual(share, { path: folder, name: 'logs-1' });
});

test('default names: only letters, digits, "_" and "-", at most 32, never empty', () => {
  assert.equal(defaultShareName('/home/me/a,b;c d'), 'a_b_c_d');
  assert.equal(defaultShareName('/home/me/....'), 'share');
  assert.equal(defaultShareName(`/x/${'n'.repeat(40)}`), 'n'.repeat(32));
});

test('bad input is refused in words: no folder, a file, a relative path, a name with a comma, a comma in the path (xfreerdp)', async () => {
  const file = join(dir, 'a-file.txt');
  await writeFile(file, 'x');
  const comma = join(dir, 'with,comma');
  await mkdir(comma);
  await assert.rejects(prepareFolderShare({ path: join(dir, 'missing') }, 'linux'), refused('InvalidInput', /There is no folder .*missing/));
  await assert.rejects(prepareFolderShare({ path: file }, 'linux'), refused('InvalidInput', /a-file\.txt is a file, not a folder/));
  await assert.rejects(prepareFolderShare({ path: 'relative/dir' }, 'linux'), refused('InvalidInput', /absolute path/));
  await assert.rejects(prepareFolderShare({ path: dir, name: 'a,b' }, 'linux'), refused('InvalidInput', /"a,b" cannot name a shared folder/));
  await assert.rejects(prepareFolderShare({ path: comma }, 'linux'), refused('InvalidInput', /contains a comma/));
});

/**
 * prepareFolderShare's answer for `path` as an ordinary user: in this process, or (as root, which
 * reads every folder) in a child process running as nobody, so the refusal is real either way.
 */
async function prepareAsUser(path: string): Promise<{ code?: string; message?: string; hint?: string }> {
  if (process.getuid?.() !== 0) {
    return prepareFolderShare({ path }, 'linux').then(
      () => ({}),
      (e: DaemonError) => ({ code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }),
    );
  }
  const module = pathToFileURL(fileURLToPath(new URL('../../../main/daemon/rdp/shared-folder.ts', import.meta.url))).href;
  const script = `import(${JSON.stringify(module)}).then((m) => m.prepareFolderShare({ path: ${JSON.stringify(path)} }, 'linux')).then(() => ({}), (e) => ({ code: e.code, message: e.message, hint: e.hint })).then((r) => process.stdout.write(JSON.stringify(r)));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: tmpdir(), TMPDIR: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 0, err);
  return JSON.parse(out) as { code?: string; message?: string; hint?: string };
}

test('a folder the user cannot open is refused', async () => {
  await chmod(dir, 0o755); // so that nobody can reach the closed folder
  const closed = join(dir, 'closed');
  await mkdir(closed);
  await chmod(closed, 0o000);
  try {
    const answer = await prepareAsUser(closed);
    assert.equal(answer.code, 'InvalidInput', answer.message);
    assert.match(answer.message ?? '', /cannot be read/);
    assert.ok(answer.hint, 'a hint says what to do');
  } finally {
    await chmod(closed, 0o700);
  }
});

test('Windows (mstsc): the folder\'s drive is shared, the folder is found below \\\\tsclient\\<letter>, and the note says the whole drive is visible', () => {
  const { share, shared } = shareOn('win32', 'c:\\Users\\me\\Game Build', 'ignored');
  assert.deepEqual(share, { path: 'c:\\Users\\me\\Game Build', name: 'C' });
  assert.equal(shared.remotePath, '\\\\tsclient\\C\\Users\\me\\Game Build');
  assert.match(shared.note ?? '', /all of C: is visible/);
  assert.equal(shareOn('win32', 'D:\\', 'x').shared.remotePath, '\\\\tsclient\\D');
  assert.throws(() => shareOn('win32', '\\\\fileserver\\builds\\x', 'x'), refused('InvalidInput', /only share local drives/));
});

test('macOS: Unsupported, with how to share the folder in the client itself', () => {
  assert.throws(() => shareOn('darwin', '/Users/me/build', 'build'), (e: unknown) => refused('Unsupported', /own settings/)(e) && /Redirect folders → add \/Users\/me\/build/.test((e as DaemonError).hint ?? ''));
});
