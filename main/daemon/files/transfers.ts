// Files to and from a compute (issue #12): downloadFile, uploadFile, cancelTransfer and
// listDirectory. Each is a short-lived `transfer` session of its own (sessions/, never a user's
// terminal) reached the way the fleet is: SFTP over SSH on server SDK 4 Linux (sftp-transfer.ts),
// a framed stream over a plain Session Manager shell on SDK 5 Linux and container computes
// (shell-transfer.ts, docs/file-transfer.md). Nothing partial ever sits under a final name, and
// a failed or cancelled copy removes its temporary files on both sides.
import { randomUUID } from 'node:crypto';
import { basename, posix } from 'node:path';
import type { Client as SshClient, SFTPWrapper } from 'ssh2';
import type { MethodInput, MethodOutput } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sessions/session-manager';
import type { SessionOpeners } from '../sessions/session-openers';
import { cancelledError, localSource, localTarget } from './local-files';
import { openSftp, sftpDownload, sftpList, sftpUpload } from './sftp-transfer';
import { shellDownload, shellList, shellUpload, type ShellLink } from './shell-transfer';

/** transferProgress events at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 250;

export interface TransfersDeps {
  openers: Pick<SessionOpeners, 'openTransferLink'>;
  sessions: Pick<SessionManager, 'end'>;
  events: EventBus;
  log: Logger;
}

type Result = MethodOutput<'downloadFile'>;
type Copied = Omit<Result, 'transferId'>;
type Progress = (bytes: number, total: number, final?: boolean) => void;

interface Running {
  cancelled: boolean;
  /** Set once the transport is open: closes the SFTP channel, or ends the shell's session. */
  abort?: () => void;
  /** Rejects when the transfer is cancelled: raced against an SFTP copy, which a closed channel may leave hanging. */
  stopped: Promise<never>;
  stop: () => void;
}

function newRun(): Running {
  let stop = () => {};
  const stopped = new Promise<never>((_, reject) => (stop = () => reject(cancelledError())));
  stopped.catch(() => {});
  return { cancelled: false, stopped, stop };
}

/** A copy, one way for each transport. */
interface Copy {
  sftp: (ssh: SshClient, sftp: SFTPWrapper, progress: Progress, run: Running) => Promise<Copied>;
  shell: (link: ShellLink, progress: Progress) => Promise<Copied>;
}

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

  /** listDirectory: SFTP readdir on SDK 4 Linux, the framed listing script over an SSM shell otherwise. */
  async list(input: MethodInput<'listDirectory'>): Promise<MethodOutput<'listDirectory'>> {
    if (input.path.includes('\0')) throw new DaemonError('InvalidInput', 'A path may not contain a NUL character.');
    const link = await this.deps.openers.openTransferLink(input);
    try {
      return link.via === 'sftp' ? await sftpList(link.client, input.path) : await shellList(link, input.path);
    } finally {
      await this.deps.sessions.end(link.session.id, 'the listing finished').catch(() => false);
    }
  }

  async download(input: MethodInput<'downloadFile'>): Promise<Result> {
    if (input.remotePath.includes('\0') || input.localPath.includes('\0')) throw new DaemonError('InvalidInput', 'A path may not contain a NUL character.');
    // The local side is checked first: nothing is issued for a copy that could not land.
    const localPath = await localTarget(input.localPath, posix.basename(input.remotePath), input.overwrite ?? false);
    return this.withTransfer(input, {
      shell: (link, progress) => shellDownload(link, input.remotePath, localPath, input.overwrite ?? false, progress),
      sftp: (ssh, sftp, progress, run) => sftpDownload(ssh, sftp, input.remotePath, localPath, input.overwrite ?? false, progress, run),
    });
  }

  async upload(input: MethodInput<'uploadFile'>): Promise<Result> {
    if (input.remotePath.includes('\0') || input.localPath.includes('\0')) throw new DaemonError('InvalidInput', 'A path may not contain a NUL character.');
    const source = await localSource(input.localPath);
    return this.withTransfer(input, {
      shell: (link, progress) => shellUpload(link, input.localPath, { ...source, name: basename(input.localPath) }, input.remotePath, input.overwrite ?? false, progress),
      sftp: (ssh, sftp, progress, run) => sftpUpload(ssh, sftp, input.localPath, source, input.remotePath, input.overwrite ?? false, progress, run),
    });
  }

  /** Opens the transfer session, runs the copy over its transport, and ends the session whatever happens. */
  private async withTransfer(
    input: { fleetId: string; computeName: string; openInboundPort?: boolean | undefined; shellIn?: 'host' | 'container' | undefined; transferId?: string | undefined },
    copy: Copy,
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
      const link = await this.deps.openers.openTransferLink(input);
      const { session } = link;
      try {
        if (run.cancelled) throw cancelledError();
        let done: Copied;
        if (link.via === 'shell') {
          // Cancelling ends the session: the compute's side is hung up on (its trap and janitor
          // remove its temporary files) and the copy here fails at once, removing its own.
          run.abort = () => void this.deps.sessions.end(session.id, 'the transfer was cancelled').catch(() => false);
          done = await copy.shell(link, progress).catch((err: unknown) => {
            throw run.cancelled ? cancelledError() : err;
          });
        } else {
          const sftp = await openSftp(link.client).catch((err: Error) => {
            throw new DaemonError('Unsupported', `The instance accepted the login but offers no SFTP (${err.message}).`);
          });
          // Cancelling closes the SFTP channel, which fails the copy under way; the SSH connection
          // stays up for the clean-up (a fresh channel removes an upload's remote temporary file).
          run.abort = () => sftp.end();
          if (run.cancelled) throw cancelledError();
          done = await copy.sftp(link.client, sftp, progress, run);
        }
        if (run.cancelled) throw cancelledError();
        this.deps.log.info('files', 'transfer done', { transferId, sessionId: session.id, transport: session.transport, bytes: done.bytes });
        return { transferId, ...done };
      } finally {
        await this.deps.sessions.end(session.id, run.cancelled ? 'the transfer was cancelled' : 'the transfer finished').catch(() => false);
      }
    } finally {
      this.running.delete(transferId);
    }
  }
}
