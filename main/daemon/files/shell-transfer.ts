// Download, upload and listing over a transfer session's plain shell (SDK 5 Linux and container
// computes, Session Manager): the framed stream of remote-stream.ts with the scripts of
// remote-scripts.ts. Nothing partial is ever under a final name: a download is written to a
// private `.part-` file and linked to its name once the stream's length and SHA-256 match; an
// upload is assembled in a `.part-` file beside its remote name and renamed there only once the
// compute's own length and SHA-256 match (remote-scripts.ts), removed by the compute otherwise.
import { createHash } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { MethodOutput } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { ShellChannel } from '../sessions/shell-channel';
import { localSha256, placeLocal, tempSuffix } from './local-files';
import { downloadScript, inputBase64, listScript, LIST_LIMIT, UPLOAD_CHUNK_BYTES, uploadScript } from './remote-scripts';
import { blockBytes, receiveStream, remoteFailure, RemoteRun, type Frame } from './remote-stream';

const gzipAsync = promisify(gzip);

export interface ShellLink {
  shell: ShellChannel;
  /** The container to run in (docker exec), if any. */
  runtimeId?: string | undefined;
}

type Progress = (bytes: number, total: number, final?: boolean) => void;
type Copied = { path: string; bytes: number; sha256: string };

/** The compute's words for a failure, as the user's error. */
function failure(code: string, message: string, path: string, write = false): DaemonError {
  const said = message ? ` (${message})` : '';
  switch (code) {
    case 'NotFound':
      return new DaemonError('NotFound', `${path} does not exist on the compute.`);
    case 'DirNotFound':
      return new DaemonError('NotFound', `The folder of ${path} does not exist on the compute.`, 'Create it first, or name another folder.');
    case 'IsDir':
      return new DaemonError('InvalidInput', `${path} is a folder on the compute${write ? '' : ', not a file'}.`);
    case 'NotDir':
      return new DaemonError('InvalidInput', `${path} is not a folder on the compute.`);
    case 'DirNotDir':
      return new DaemonError('InvalidInput', `The folder of ${path} is not a folder on the compute.`);
    case 'NotFile':
      return new DaemonError('InvalidInput', `${path} is not a regular file on the compute.`);
    case 'Exists':
      return new DaemonError('InvalidInput', `${path} already exists on the compute.`, 'Name another file, or allow overwriting it (--overwrite).');
    case 'Denied':
      return new DaemonError('AccessDenied', `The compute's user may not ${write ? 'write' : 'read'} ${path}${said}.`, 'Pick a path the login user can reach (e.g. under its home or /tmp).');
    case 'Missing':
      return new DaemonError('Unsupported', `The compute's shell has no "${message}", which the transfer needs.`, 'Install it on the compute (or its container image), or use a shell.');
    case 'Write':
      if (/no space/i.test(message)) return new DaemonError('Unreachable', `The compute's disk is full: ${path} was not written${said}. Nothing was kept.`, 'Free some space on the compute, or pick another folder.');
      if (/permission|read-only|not permitted/i.test(message)) return new DaemonError('AccessDenied', `The compute's user may not write ${path}${said}.`, 'Pick a path the login user can write (e.g. under its home or /tmp).');
      return new DaemonError('Unreachable', `The compute could not write ${path}${said}. Nothing was kept.`);
    case 'Corrupt':
      return new DaemonError('Unreachable', `The compute's copy of ${path} did not match what was sent: nothing was kept.`, 'Try again.');
    default:
      return new DaemonError('Unreachable', `The compute could not ${write ? 'write' : 'read'} ${path} (${code}${said}).`);
  }
}

/** Copies `remotePath` to `localPath` (already checked: a free name in an existing folder). */
export async function shellDownload(link: ShellLink, remotePath: string, localPath: string, overwrite: boolean, progress: Progress): Promise<Copied> {
  const temp = `${localPath}${tempSuffix()}`;
  const file = await open(temp, 'wx', 0o600);
  try {
    const run = await RemoteRun.start(link.shell, (marker) => downloadScript(marker, remotePath), link.runtimeId);
    const got = await receiveStream(
      run,
      async (chunk) => {
        // A write may be short (a disk filling up): the rest is written again, and a full disk then fails with ENOSPC.
        for (let done = 0; done < chunk.length; ) {
          const { bytesWritten } = await file.write(chunk, done);
          if (bytesWritten === 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
          done += bytesWritten;
        }
      },
      (f) => failure(f.code, f.message, remotePath),
      progress,
    );
    await file.close();
    // What is on the local disk, read back: a short write would show here.
    if ((await localSha256(temp)) !== got.sha256) throw new DaemonError('Unreachable', `The local copy of ${remotePath} did not read back as written: nothing was kept.`, 'Is the local disk full?');
    await placeLocal(temp, localPath, overwrite);
    progress(got.bytes, got.bytes, true);
    return { path: localPath, ...got };
  } catch (err) {
    await file.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw localWriteError(err, localPath);
  }
}

function localWriteError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new DaemonError('Unreachable', `The local disk is full: ${path} was not written. Nothing was kept.`, 'Free some space, or pick another folder.');
  if (code === 'EACCES' || code === 'EPERM') return new DaemonError('AccessDenied', `You may not write ${path}.`);
  return err;
}

/** Copies local file `localPath` (size and mode known) to `remotePath` on the compute. */
export async function shellUpload(
  link: ShellLink,
  localPath: string,
  source: { size: number; mode: number; name: string },
  remotePath: string,
  overwrite: boolean,
  progress: Progress,
): Promise<Copied> {
  const run = await RemoteRun.start(link.shell, (marker) => uploadScript(marker, remotePath, source.name, overwrite, source.mode), link.runtimeId);
  const go = await run.next();
  if (go.kind === 'E') {
    const f = remoteFailure(go);
    throw failure(f.code, f.message, remotePath, true);
  }
  if (go.kind !== 'G') throw run.protocolError(go);
  const target = Buffer.from(go.fields[0] ?? '', 'base64').toString('utf8');
  let stop = false;
  const sent = (async () => {
    const hash = createHash('sha256');
    const file = await open(localPath, 'r');
    try {
      let offset = 0;
      const buffer = Buffer.alloc(UPLOAD_CHUNK_BYTES);
      while (!stop) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        const raw = buffer.subarray(0, bytesRead);
        hash.update(raw);
        offset += bytesRead;
        const text = inputBase64(await gzipAsync(raw));
        await run.send(`C ${bytesRead} ${Buffer.byteLength(text)} ${createHash('sha256').update(raw).digest('hex')}\n${text}`);
      }
      if (stop) return null;
      const sha256 = hash.digest('hex');
      await run.send(`F ${offset} ${sha256}\n`);
      return { bytes: offset, sha256 };
    } finally {
      await file.close();
    }
  })();
  sent.catch(() => {});
  try {
    for (;;) {
      const frame = await run.next();
      if (frame.kind === 'A') {
        progress(Number(frame.fields[0]), source.size);
        continue;
      }
      if (frame.kind === 'E') {
        const f = remoteFailure(frame);
        throw failure(f.code, f.message, target, true);
      }
      if (frame.kind !== 'D') throw run.protocolError(frame);
      const local = await sent;
      if (!local || Number(frame.fields[0]) !== local.bytes || frame.fields[1] !== local.sha256) throw failure('Corrupt', '', target, true);
      progress(local.bytes, local.bytes, true);
      return { path: target, ...local };
    }
  } finally {
    stop = true;
  }
}

type Listing = MethodOutput<'listDirectory'>;
type EntryType = Listing['entries'][number]['type'];

const S_IFMT = 0o170000;
const TYPES: Record<number, EntryType> = { [0o040000]: 'directory', [0o100000]: 'file', [0o120000]: 'symlink' };

/** Lists folder `path` ("" or "~": the home). */
export async function shellList(link: ShellLink, path: string): Promise<Listing> {
  const run = await RemoteRun.start(link.shell, (marker) => listScript(marker, path), link.runtimeId);
  const blocks = new Map<string, Frame>();
  for (;;) {
    const frame = await run.next();
    if (frame.kind === 'E') {
      const f = remoteFailure(frame);
      throw failure(f.code, f.message, path || '~');
    }
    if (frame.kind === 'L') {
      const names = blockBytes(blocks.get('N') ?? frame).toString('utf8').split('\0');
      names.pop(); // after the last NUL
      const stats = (blocks.get('M')?.body ?? []).filter((line) => line.trim());
      const count = Number(frame.fields[0]);
      if (names.length !== count || stats.length !== count) {
        throw new DaemonError('Unreachable', `The folder changed while it was listed (${names.length} names, ${stats.length} details).`, 'Try again.');
      }
      const entries = names.map((name, i) => {
        const [size = '0', mtime = '0', mode = '0'] = stats[i]!.trim().split(' ');
        return { name, type: TYPES[parseInt(mode, 16) & S_IFMT] ?? ('other' as const), size: Number(size), modifiedAt: Number(mtime) * 1000 };
      });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const resolved = blockBytes(blocks.get('P') ?? frame).toString('utf8');
      return { path: resolved, entries, truncated: frame.fields[1] === '1' || entries.length > LIST_LIMIT };
    }
    if (frame.kind === 'P' || frame.kind === 'N' || frame.kind === 'M') blocks.set(frame.kind, frame);
    else throw run.protocolError(frame);
  }
}
