// SFTP for a transfer session on a server SDK 4 Linux instance: its ssh2 client carries SFTP and,
// to check the result, one `sha256sum` exec. A download goes to `<name>.part-<random>` (0600)
// beside the target, an upload to the same kind of name beside the remote target, and each is
// renamed only once its size (and SHA-256, where the instance has sha256sum) matches the source.
// A failed or cancelled copy removes its temporary file. Listing is SFTP's readdir.
import { open, stat, unlink } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import type { Client as SshClient, SFTPWrapper, Stats as SftpStats } from 'ssh2';
import type { MethodOutput } from '../../../preload/contract';
import { DaemonError } from '../errors';
import { cancelledError, localSha256, placeLocal, tempSuffix } from './local-files';
import { LIST_LIMIT } from './remote-scripts';

const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

type Progress = (bytes: number, total: number, final?: boolean) => void;
type Copied = { path: string; bytes: number; sha256: string };
/** What a copy needs of its transfer: whether and when it was cancelled. */
export interface RunState {
  cancelled: boolean;
  stopped: Promise<never>;
}

/** `'…'` for a POSIX shell: any byte but NUL survives, newlines and quotes included. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export async function sftpDownload(ssh: SshClient, sftp: SFTPWrapper, remotePath: string, localPath: string, overwrite: boolean, progress: Progress, run: RunState): Promise<Copied> {
  const at = homeRelative(remotePath);
  const remote = await remoteStat(sftp, at, 'file');
  const temp = `${localPath}${tempSuffix()}`;
  // Created here, exclusively and private, before SFTP writes into it.
  await (await open(temp, 'wx', 0o600)).close();
  try {
    const fetched = new Promise<void>((resolve, reject) => {
      sftp.fastGet(at, temp, { step: (done) => progress(done, remote.size) }, (err) => (err ? reject(err) : resolve()));
    });
    await Promise.race([fetched, run.stopped]).catch((err: unknown) => {
      throw run.cancelled ? cancelledError() : sftpError(err, remotePath, 'read');
    });
    if (run.cancelled) throw cancelledError();
    const local = await stat(temp);
    if (local.size !== remote.size) throw new DaemonError('Unreachable', `The copy of ${remotePath} has ${local.size} bytes, the instance's ${remote.size}: nothing was kept.`, 'Try again.');
    const sha256 = await localSha256(temp);
    const remoteSum = await remoteSha256(ssh, at);
    if (remoteSum !== null && remoteSum !== sha256) throw new DaemonError('Unreachable', `The copy of ${remotePath} does not match the instance's SHA-256: nothing was kept.`, 'Try again.');
    if (run.cancelled) throw cancelledError();
    await placeLocal(temp, localPath, overwrite);
    progress(remote.size, remote.size, true);
    return { path: localPath, bytes: remote.size, sha256 };
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

export async function sftpUpload(
  ssh: SshClient,
  sftp: SFTPWrapper,
  localPath: string,
  source: { size: number; mode: number },
  remotePath: string,
  overwrite: boolean,
  progress: Progress,
  run: RunState,
): Promise<Copied> {
  const target = await remoteTarget(sftp, homeRelative(remotePath), basename(localPath), overwrite);
  const sha256 = await localSha256(localPath);
  const temp = `${target}${tempSuffix()}`;
  try {
    const sent = new Promise<void>((resolve, reject) => {
      sftp.fastPut(localPath, temp, { mode: 0o600, step: (done) => progress(done, source.size) }, (err) => (err ? reject(err) : resolve()));
    });
    await Promise.race([sent, run.stopped]).catch((err: unknown) => {
      throw run.cancelled ? cancelledError() : sftpError(err, posix.dirname(target), 'write');
    });
    if (run.cancelled) throw cancelledError();
    const written = await remoteStat(sftp, temp, 'file');
    if (written.size !== source.size) throw new DaemonError('Unreachable', `The instance's copy has ${written.size} bytes, ${localPath} ${source.size}: nothing was kept.`, 'Try again.');
    const remoteSum = await remoteSha256(ssh, temp);
    if (remoteSum !== null && remoteSum !== sha256) throw new DaemonError('Unreachable', `The instance's copy does not match ${localPath}'s SHA-256: nothing was kept.`, 'Try again.');
    if (run.cancelled) throw cancelledError();
    await sftpCall<void>((cb) => sftp.chmod(temp, source.mode & 0o777, cb)).catch(() => {});
    await placeRemote(sftp, temp, target, overwrite);
    progress(source.size, source.size, true);
    return { path: target, bytes: source.size, sha256 };
  } catch (err) {
    await removeRemote(ssh, run.cancelled ? null : sftp, temp);
    throw err;
  }
}

/** listDirectory over SFTP: "" or "~" is the login directory (SFTP's "."), "~/x" under it. */
export async function sftpList(client: SshClient, path: string): Promise<MethodOutput<'listDirectory'>> {
  const sftp = await openSftp(client).catch((err: Error) => {
    throw new DaemonError('Unsupported', `The instance accepted the login but offers no SFTP (${err.message}).`);
  });
  try {
    const asked = homeRelative(path);
    const resolved = await sftpCall<string>((cb) => sftp.realpath(asked, cb)).catch((err: unknown) => {
      throw sftpError(err, path, 'stat');
    });
    const st = await sftpCall<SftpStats>((cb) => sftp.stat(resolved, cb)).catch((err: unknown) => {
      throw sftpError(err, path, 'stat');
    });
    if (!st.isDirectory()) throw new DaemonError('InvalidInput', `${path} is not a folder on the instance.`);
    const list = await sftpCall<Array<{ filename: string; attrs: SftpStats }>>((cb) => sftp.readdir(resolved, cb)).catch((err: unknown) => {
      throw sftpError(err, path, 'read');
    });
    const entries = list
      .filter((e) => e.filename !== '.' && e.filename !== '..')
      .map((e) => ({
        name: e.filename,
        type: e.attrs.isDirectory() ? ('directory' as const) : e.attrs.isSymbolicLink() ? ('symlink' as const) : e.attrs.isFile() ? ('file' as const) : ('other' as const),
        size: e.attrs.size ?? 0,
        modifiedAt: (e.attrs.mtime ?? 0) * 1000,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { path: resolved, entries: entries.slice(0, LIST_LIMIT), truncated: entries.length > LIST_LIMIT };
  } finally {
    sftp.end();
  }
}

export function openSftp(client: SshClient): Promise<SFTPWrapper> {
  return new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
}

/** Removes an upload's temporary file: over its channel, or a fresh one if that was closed (a cancel). */
async function removeRemote(ssh: SshClient, sftp: SFTPWrapper | null, path: string): Promise<void> {
  const gone = sftp && await sftpCall<void>((cb) => sftp.unlink(path, cb)).then(
    () => true,
    (err: unknown) => (err as { code?: unknown }).code === SFTP_NO_SUCH_FILE,
  );
  if (gone) return;
  const fresh = await openSftp(ssh).catch(() => null);
  if (!fresh) return;
  await sftpCall<void>((cb) => fresh.unlink(path, cb)).catch(() => {});
  fresh.end();
}

function sftpCall<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

function sftpError(err: unknown, path: string, what: 'read' | 'write' | 'stat'): DaemonError {
  if (err instanceof DaemonError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === SFTP_NO_SUCH_FILE) return new DaemonError('NotFound', `${path} does not exist on the instance.`);
  if (code === SFTP_PERMISSION_DENIED) return new DaemonError('AccessDenied', `The instance's user may not ${what} ${path}.`, 'Pick a path the login user can reach (e.g. under its home or /tmp).');
  return new DaemonError('Unreachable', `The instance could not ${what} ${path} (${(err as Error).message}).`);
}

async function remoteStat(sftp: SFTPWrapper, path: string, want: 'file'): Promise<SftpStats> {
  const st = await sftpCall<SftpStats>((cb) => sftp.stat(path, cb)).catch((err: unknown) => {
    throw sftpError(err, path, 'stat');
  });
  if (want === 'file' && st.isDirectory()) throw new DaemonError('InvalidInput', `${path} is a folder on the instance, not a file.`);
  if (want === 'file' && !st.isFile()) throw new DaemonError('InvalidInput', `${path} is not a regular file on the instance.`);
  return st;
}

/**
 * "~" and "~/x" as the login directory and below it: SFTP (and an exec's shell, for sha256sum)
 * start there, and take relative paths from there, but do not expand "~" themselves.
 */
export function homeRelative(path: string): string {
  if (path === '' || path === '~') return '.';
  return path.startsWith('~/') ? path.slice(2) || '.' : path;
}

/** Where an upload lands: `remotePath`, or the local name inside it if it names a folder. */
async function remoteTarget(sftp: SFTPWrapper, remotePath: string, localName: string, overwrite: boolean): Promise<string> {
  let target = remotePath.endsWith('/') ? posix.join(remotePath, localName) : remotePath;
  let st = await sftpCall<SftpStats>((cb) => sftp.stat(target, cb)).catch(() => null);
  if (st?.isDirectory() && target === remotePath) {
    target = posix.join(remotePath, localName);
    st = await sftpCall<SftpStats>((cb) => sftp.stat(target, cb)).catch(() => null);
  }
  if (st?.isDirectory()) throw new DaemonError('InvalidInput', `${target} is a folder on the instance.`);
  if (st && !overwrite) throw new DaemonError('InvalidInput', `${target} already exists on the instance.`, 'Name another file, or allow overwriting it (--overwrite).');
  const dir = posix.dirname(target);
  const dirStat = await sftpCall<SftpStats>((cb) => sftp.stat(dir, cb)).catch((err: unknown) => {
    throw sftpError(err, dir, 'stat');
  });
  if (!dirStat.isDirectory()) throw new DaemonError('InvalidInput', `${dir} is not a folder on the instance.`);
  return target;
}
function remoteSha256(ssh: SshClient, path: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    ssh.exec(`command -v sha256sum >/dev/null 2>&1 || exit 127; sha256sum -- ${shellQuote(path)}`, (err, stream) => {
      if (err) return reject(new DaemonError('Unreachable', `Could not check the file on the instance (${err.message}).`));
      let out = '';
      let code: number | null = null;
      stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      stream.stderr.on('data', () => {});
      stream.on('exit', (c: number | null) => (code = c));
      stream.on('close', () => {
        if (code === 127) return resolve(null);
        const sum = /^\\?([0-9a-f]{64})\b/.exec(out)?.[1];
        if (code !== 0 || !sum) return reject(new DaemonError('Unreachable', `The instance could not checksum ${path}.`));
        resolve(sum);
      });
    });
  });
}

async function placeRemote(sftp: SFTPWrapper, temp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await sftpCall<void>((cb) => sftp.ext_openssh_rename(temp, target, cb)).catch((err: unknown) => {
      throw sftpError(err, target, 'write');
    });
    return;
  }
  await sftpCall<void>((cb) => sftp.rename(temp, target, cb)).catch(async (err: unknown) => {
    const exists = await sftpCall<SftpStats>((cb) => sftp.stat(target, cb)).catch(() => null);
    if (exists) throw new DaemonError('InvalidInput', `${target} appeared on the instance during the copy; it was left alone.`, 'Name another file, or allow overwriting it (--overwrite).');
    throw sftpError(err, target, 'write');
  });
}
