// The local side of a transfer, whichever way the compute is reached: where a download lands, what
// an upload reads, the SHA-256 of a local file, and the rename that puts a finished temporary file
// under its final name (never over a file that appeared meanwhile, unless overwriting).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DaemonError } from '../errors';

/** A temporary name's suffix: `<final name>.part-<random>`. */
export const tempSuffix = (): string => `.part-${randomBytes(6).toString('hex')}`;

/** Where a download lands: `localPath`, or the remote name inside it if it is a directory. */
export async function localTarget(localPath: string, remoteName: string, overwrite: boolean): Promise<string> {
  let target = localPath;
  const st = await stat(localPath).catch(() => null);
  if (st?.isDirectory()) {
    if (!remoteName || remoteName === '.' || remoteName === '..') throw new DaemonError('InvalidInput', 'Name the local file to write.');
    target = join(localPath, remoteName);
  } else {
    const dir = await stat(dirname(localPath)).catch(() => null);
    if (!dir?.isDirectory()) throw new DaemonError('NotFound', `The local folder ${dirname(localPath)} does not exist.`, 'Create it first, or name another folder.');
  }
  const existing = target === localPath ? st : await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new DaemonError('InvalidInput', `${target} is a folder.`);
  if (existing && !overwrite) throw new DaemonError('InvalidInput', `${target} already exists.`, 'Name another file, or allow overwriting it (--overwrite).');
  return target;
}

export function cancelledError(): DaemonError {
  return new DaemonError('Unreachable', 'The transfer was cancelled: nothing was kept.');
}

export async function localSource(path: string): Promise<{ size: number; mode: number }> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new DaemonError('NotFound', `${path} does not exist.`);
    if (err.code === 'EACCES') throw new DaemonError('AccessDenied', `You may not read ${path}.`);
    throw new DaemonError('InvalidInput', `Cannot read ${path} (${err.message}).`);
  });
  if (st.isDirectory()) throw new DaemonError('InvalidInput', `${path} is a folder, not a file.`);
  if (!st.isFile()) throw new DaemonError('InvalidInput', `${path} is not a regular file.`);
  // Readable now, not half-way through the copy.
  await (await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EACCES' ? new DaemonError('AccessDenied', `You may not read ${path}.`) : new DaemonError('InvalidInput', `Cannot read ${path} (${err.message}).`);
  })).close();
  return { size: st.size, mode: st.mode };
}

export function localSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Renames the finished temp file to its name; without `overwrite`, never over a file that appeared meanwhile. */
export async function placeLocal(temp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(temp, target);
  await link(temp, target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new DaemonError('InvalidInput', `${target} appeared during the copy; it was left alone.`, 'Name another file, or allow overwriting it (--overwrite).');
    throw err;
  });
  await unlink(temp);
}

