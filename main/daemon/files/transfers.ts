// Files to and from an instance (issue #12, first slice: server SDK 4 Linux over SFTP). Each copy
// is a short-lived `transfer` session (sessions/: the same access, vault and inbound-rule route
// as an SDK 4 shell) whose ssh2 client carries SFTP and, to check the result, one `sha256sum`
// exec. Nothing partial ever sits under the final name: a download goes to
// `<name>.part-<random>` (0600) beside the target, an upload to the same kind of name beside the
// remote target, and each is renamed only once its size (and SHA-256, where the instance has
// sha256sum) matches the source. A failed or cancelled copy removes its temporary file.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { Client as SshClient, SFTPWrapper, Stats as SftpStats } from 'ssh2';
import type { MethodInput, MethodOutput } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sessions/session-manager';
import type { SessionOpeners } from '../sessions/session-openers';

/** transferProgress events at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 250;
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

export interface TransfersDeps {
  openers: Pick<SessionOpeners, 'openTransfer'>;
  sessions: Pick<SessionManager, 'end'>;
  events: EventBus;
  log: Logger;
}

type Result = MethodOutput<'downloadFile'>;

interface Running {
  cancelled: boolean;
  /** Set once the SFTP channel is open: closes it. */
  abort?: () => void;
  /** Rejects when the transfer is cancelled: raced against the copy, which a closed channel may leave hanging. */
  stopped: Promise<never>;
  stop: () => void;
}

function newRun(): Running {
  let stop = () => {};
  const stopped = new Promise<never>((_, reject) => (stop = () => reject(cancelledError())));
  stopped.catch(() => {});
  return { cancelled: false, stopped, stop };
}

/** `'…'` for a POSIX shell: any byte but NUL survives, newlines and quotes included. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const tempSuffix = (): string => `.part-${randomBytes(6).toString('hex')}`;

export class Transfers {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: TransfersDeps) {}

  cancel(transferId: string): boolean {
    const run = this.running.get(transferId);
    if (!run) return false;
    run.cancelled = true;
    run.stop();
    run.abort?.();
    return true;
  }

  async list(input: MethodInput<'listDirectory'>): Promise<MethodOutput<'listDirectory'>> {
    throw new DaemonError('Unsupported', `Listing folders on ${input.computeName} is not built yet.`);
  }

  async download(input: MethodInput<'downloadFile'>): Promise<Result> {
    if (input.remotePath.includes('\0') || input.localPath.includes('\0')) throw new DaemonError('InvalidInput', 'A path may not contain a NUL character.');
    // The local side is checked first: nothing is issued for a copy that could not land.
    const localPath = await this.localTarget(input.localPath, posix.basename(input.remotePath), input.overwrite ?? false);
    return this.withTransfer(input, async (ssh, sftp, progress, run) => {
      const remote = await remoteStat(sftp, input.remotePath, 'file');
      const temp = `${localPath}${tempSuffix()}`;
      // Created here, exclusively and private, before SFTP writes into it.
      await (await open(temp, 'wx', 0o600)).close();
      try {
        const fetched = new Promise<void>((resolve, reject) => {
          sftp.fastGet(input.remotePath, temp, { step: (done) => progress(done, remote.size) }, (err) => (err ? reject(err) : resolve()));
        });
        await Promise.race([fetched, run.stopped]).catch((err: unknown) => {
          throw run.cancelled ? cancelledError() : sftpError(err, input.remotePath, 'read');
        });
        if (run.cancelled) throw cancelledError();
        const local = await stat(temp);
        if (local.size !== remote.size) throw new DaemonError('Unreachable', `The copy of ${input.remotePath} has ${local.size} bytes, the instance's ${remote.size}: nothing was kept.`, 'Try again.');
        const sha256 = await localSha256(temp);
        const remoteSum = await remoteSha256(ssh, input.remotePath);
        if (remoteSum !== null && remoteSum !== sha256) throw new DaemonError('Unreachable', `The copy of ${input.remotePath} does not match the instance's SHA-256: nothing was kept.`, 'Try again.');
        if (run.cancelled) throw cancelledError();
        await placeLocal(temp, localPath, input.overwrite ?? false);
        progress(remote.size, remote.size, true);
        return { path: localPath, bytes: remote.size, sha256 };
      } catch (err) {
        await unlink(temp).catch(() => {});
        throw err;
      }
    });
  }

  async upload(input: MethodInput<'uploadFile'>): Promise<Result> {
    if (input.remotePath.includes('\0') || input.localPath.includes('\0')) throw new DaemonError('InvalidInput', 'A path may not contain a NUL character.');
    const source = await localSource(input.localPath);
    return this.withTransfer(input, async (ssh, sftp, progress, run) => {
      const remotePath = await remoteTarget(sftp, input.remotePath, basename(input.localPath), input.overwrite ?? false);
      const sha256 = await localSha256(input.localPath);
      const temp = `${remotePath}${tempSuffix()}`;
      try {
        const sent = new Promise<void>((resolve, reject) => {
          sftp.fastPut(input.localPath, temp, { mode: 0o600, step: (done) => progress(done, source.size) }, (err) => (err ? reject(err) : resolve()));
        });
        await Promise.race([sent, run.stopped]).catch((err: unknown) => {
          throw run.cancelled ? cancelledError() : sftpError(err, posix.dirname(remotePath), 'write');
        });
        if (run.cancelled) throw cancelledError();
        const written = await remoteStat(sftp, temp, 'file');
        if (written.size !== source.size) throw new DaemonError('Unreachable', `The instance's copy has ${written.size} bytes, ${input.localPath} ${source.size}: nothing was kept.`, 'Try again.');
        const remoteSum = await remoteSha256(ssh, temp);
        if (remoteSum !== null && remoteSum !== sha256) throw new DaemonError('Unreachable', `The instance's copy does not match ${input.localPath}'s SHA-256: nothing was kept.`, 'Try again.');
        if (run.cancelled) throw cancelledError();
        await sftpCall<void>((cb) => sftp.chmod(temp, source.mode & 0o777, cb)).catch(() => {});
        await placeRemote(sftp, temp, remotePath, input.overwrite ?? false);
        progress(source.size, source.size, true);
        return { path: remotePath, bytes: source.size, sha256 };
      } catch (err) {
        await removeRemote(ssh, run.cancelled ? null : sftp, temp);
        throw err;
      }
    });
  }

  /** Opens the transfer session, runs `copy` over its SFTP channel, and ends the session whatever happens. */
  private async withTransfer(
    input: { fleetId: string; computeName: string; openInboundPort?: boolean | undefined; transferId?: string | undefined },
    copy: (ssh: SshClient, sftp: SFTPWrapper, progress: (bytes: number, total: number, final?: boolean) => void, run: Running) => Promise<Omit<Result, 'transferId'>>,
  ): Promise<Result> {
    const transferId = input.transferId ?? randomUUID();
    if (this.running.has(transferId)) throw new DaemonError('InvalidInput', `Transfer ${transferId} is already running.`);
    const run = newRun();
    this.running.set(transferId, run);
    let last = 0;
    const progress = (bytes: number, total: number, final = false) => {
      const now = Date.now();
      if (!final && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.deps.events.emit('transferProgress', { transferId, bytes, total });
    };
    try {
      const { session, client } = await this.deps.openers.openTransfer(input);
      try {
        if (run.cancelled) throw cancelledError();
        const sftp = await openSftp(client).catch((err: Error) => {
          throw new DaemonError('Unsupported', `The instance accepted the login but offers no SFTP (${err.message}).`);
        });
        // Cancelling closes the SFTP channel, which fails the copy under way; the SSH connection
        // stays up for the clean-up (a fresh channel removes an upload's remote temporary file).
        run.abort = () => sftp.end();
        if (run.cancelled) throw cancelledError();
        const done = await copy(client, sftp, progress, run);
        this.deps.log.info('files', 'transfer done', { transferId, sessionId: session.id, bytes: done.bytes });
        return { transferId, ...done };
      } finally {
        await this.deps.sessions.end(session.id, run.cancelled ? 'the transfer was cancelled' : 'the transfer finished').catch(() => false);
      }
    } finally {
      this.running.delete(transferId);
    }
  }

  /** Where a download lands: `localPath`, or the remote name inside it if it is a directory. */
  private async localTarget(localPath: string, remoteName: string, overwrite: boolean): Promise<string> {
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
}

function cancelledError(): DaemonError {
  return new DaemonError('Unreachable', 'The transfer was cancelled: nothing was kept.');
}

function openSftp(client: SshClient): Promise<SFTPWrapper> {
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

async function localSource(path: string): Promise<{ size: number; mode: number }> {
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

function localSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The file's SHA-256 as the instance computes it, or null where it has no sha256sum. */
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

/** Renames the finished temp file to its name; without `overwrite`, never over a file that appeared meanwhile. */
async function placeLocal(temp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(temp, target);
  await link(temp, target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new DaemonError('InvalidInput', `${target} appeared during the copy; it was left alone.`, 'Name another file, or allow overwriting it (--overwrite).');
    throw err;
  });
  await unlink(temp);
}

/** SFTP's rename refuses an existing target (no clobbering); overwrite uses OpenSSH's posix-rename. */
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
