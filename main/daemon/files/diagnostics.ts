// "Collect diagnostics" (issue #12): one action per compute that runs the gather script
// (diagnostics-script.ts) on it and brings back the one .tar.gz it makes, with its manifest. The
// script answers "GAMELIFT-DIAGNOSTICS <bytes> <sha256>\n" and then exactly those bytes, so the
// copy knows its total (progress) and what the compute computed (the check). The local file is
// written to `<name>.part-<random>` (0600) in the chosen folder, read back through gunzip and tar
// (every header and the manifest), and only then linked to its final name; a failure or a cancel
// removes it. Server SDK 4 Linux runs the script over an ssh2 exec on a `transfer` session; SDK 5
// Linux and container computes over that session's Session Manager shell (remote-stream.ts's
// runForBytes), always on the host: the script itself gathers inside each container (docker exec).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Client as SshClient } from 'ssh2';
import type { MethodInput, MethodOutput } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sessions/session-manager';
import type { SessionOpeners } from '../sessions/session-openers';
import type { ShellChannel } from '../sessions/shell-channel';
import { GATHER_SCRIPT_LINUX } from './diagnostics-script';
import { runForBytes } from './remote-stream';
import { ArchiveError, readTarGz } from './tar-gz';

const PROGRESS_INTERVAL_MS = 250;
const HEADER = /^GAMELIFT-DIAGNOSTICS (\d+) ([0-9a-f]{64})$/;
const MANIFEST = 'gamelift-diagnostics/manifest.json';
/** What the compute wrote to stderr, kept for an error message. */
const STDERR_KEEP = 4096;

export interface DiagnosticsDeps {
  openers: Pick<SessionOpeners, 'openTransferLink'>;
  sessions: Pick<SessionManager, 'end'>;
  /** The compute as discovery knows it: its OS and, on container fleets, its containers. */
  describe: (fleetId: string, computeName: string) => Promise<ComputeFacts>;
  events: EventBus;
  log: Logger;
  /** Where an archive goes when the caller names no folder (created if missing). */
  defaultOutDir: string;
  toolVersion: string;
}

type Result = MethodOutput<'collectDiagnostics'>;

export interface ComputeFacts {
  fleetId: string;
  computeName: string;
  os: 'linux' | 'windows';
  containers: { containerName: string; containerRuntimeId?: string | undefined }[];
}

/** The script's run on the compute: hands its stdout over in order and says how it ended. */
interface RemoteRun {
  pump(onBytes: (chunk: Buffer) => Promise<void>): Promise<{ code: number | null; stderr: string }>;
  abort(): void;
}

interface Running {
  cancelled: boolean;
  abort?: () => void;
}

export interface ManifestItem {
  kind: string;
  status: 'found' | 'truncated' | 'missing' | 'skipped';
  source: string;
  path?: string;
  bytes?: number;
  sourceBytes?: number;
  reason?: string;
}

export class Diagnostics {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: DiagnosticsDeps) {}

  cancel(transferId: string): boolean {
    const run = this.running.get(transferId);
    if (!run) return false;
    run.cancelled = true;
    run.abort?.();
    return true;
  }

  async collect(input: MethodInput<'collectDiagnostics'>): Promise<Result> {
    const transferId = input.transferId ?? randomUUID();
    if (this.running.has(transferId)) throw new DaemonError('InvalidInput', `Transfer ${transferId} is already running.`);
    // The local side first: nothing is asked of AWS or the compute for an archive that could not land.
    const dir = await this.outDir(input.outDir);
    const finalPath = join(dir, archiveName(input.fleetId, input.computeName, new Date()));
    const temp = `${finalPath}.part-${randomBytes(6).toString('hex')}`;
    await (await open(temp, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
      throw localWriteError(err, dir);
    })).close();
    const run: Running = { cancelled: false };
    this.running.set(transferId, run);
    try {
      const compute = await this.deps.describe(input.fleetId, input.computeName);
      if (compute.os === 'windows') throw new DaemonError('Unsupported', `Collecting diagnostics reaches Linux computes for now; ${compute.computeName} runs Windows.`, 'Connect over RDP and gather C:\\Game\\logs by hand meanwhile.');
      const containers = input.shellIn === 'host' ? [] : compute.containers.flatMap((c) => (c.containerRuntimeId ? [`${c.containerName}=${c.containerRuntimeId}`] : []));
      const args = [compute.fleetId, compute.computeName, this.deps.toolVersion, 'host', ...containers];
      // On a container fleet the session is the host's: the script enters the containers itself.
      const link = await this.deps.openers.openTransferLink({ ...input, shellIn: 'host' });
      const session = link.session;
      try {
        if (run.cancelled) throw cancelledError();
        const endSession = () => void this.deps.sessions.end(session.id, 'the transfer was cancelled').catch(() => false);
        const remote = link.via === 'sftp' ? await execOverSsh(link.client, gatherCommand(args)) : overShell(link.shell, gatherCommand(args), endSession);
        run.abort = () => remote.abort();
        if (run.cancelled) throw cancelledError();
        const received = await this.receive(remote, temp, transferId, run);
        const manifest = await checkArchive(temp);
        if (run.cancelled) throw cancelledError();
        await placeUnder(temp, finalPath);
        const counts = countItems(manifest.items);
        this.deps.log.info('files', 'diagnostics collected', { transferId, sessionId: session.id, bytes: received.bytes, ...counts });
        return { transferId, path: finalPath, bytes: received.bytes, sha256: received.sha256, ...counts };
      } finally {
        await this.deps.sessions.end(session.id, run.cancelled ? 'the transfer was cancelled' : 'the transfer finished').catch(() => false);
      }
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw run.cancelled ? cancelledError() : err;
    } finally {
      this.running.delete(transferId);
    }
  }

  /** Reads the header, then exactly the announced bytes into `temp`, checking them against it. */
  private async receive(remote: RemoteRun, temp: string, transferId: string, run: Running): Promise<{ bytes: number; sha256: string }> {
    const out = createWriteStream(temp, { flags: 'w', mode: 0o600 });
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let announced = null as { bytes: number; sha256: string } | null;
    let bytes = 0;
    let last = 0;
    const progress = (final = false) => {
      const now = Date.now();
      if (!final && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.deps.events.emit('transferProgress', { transferId, bytes, total: announced?.bytes ?? 0 });
    };
    const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    const onBytes = async (chunk: Buffer): Promise<void> => {
      let body = chunk;
      if (!announced) {
        head = Buffer.concat([head, chunk]);
        const nl = head.indexOf(0x0a);
        if (nl === -1) {
          if (head.length > 200) throw new DaemonError('Unreachable', 'The compute answered the diagnostics script with something else than an archive.');
          return;
        }
        const m = HEADER.exec(head.subarray(0, nl).toString('latin1'));
        if (!m) throw new DaemonError('Unreachable', 'The compute answered the diagnostics script with something else than an archive.');
        announced = { bytes: Number(m[1]), sha256: m[2]! };
        body = head.subarray(nl + 1);
      }
      if (bytes + body.length > announced.bytes) throw new DaemonError('Unreachable', 'The compute sent more than the archive it announced: nothing was kept.');
      hash.update(body);
      bytes += body.length;
      await write(body);
      progress();
    };
    let ended: { code: number | null; stderr: string };
    try {
      ended = await remote.pump(onBytes);
    } catch (err) {
      if (run.cancelled) throw cancelledError();
      throw err;
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    const { code, stderr } = ended;
    if (run.cancelled) throw cancelledError();
    if (!announced) {
      const said = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
      throw new DaemonError('Unreachable', `The diagnostics script failed on the compute (exit ${code ?? 'signal'})${said ? `: ${said}` : '.'}`, 'The compute needs sh, tar, gzip and sha256sum (Amazon Linux has them).');
    }
    if (bytes !== announced.bytes) throw new DaemonError('Unreachable', `The archive arrived with ${bytes} of its ${announced.bytes} bytes: nothing was kept.`, 'Try again.');
    const sha256 = hash.digest('hex');
    if (sha256 !== announced.sha256) throw new DaemonError('Unreachable', "The archive does not match the compute's SHA-256: nothing was kept.", 'Try again.');
    progress(true);
    return { bytes, sha256 };
  }

  private async outDir(given: string | undefined): Promise<string> {
    if (given !== undefined && (given.includes('\0') || !isAbsolute(given))) throw new DaemonError('InvalidInput', `The folder for the archive must be an absolute path (got ${JSON.stringify(given)}).`);
    const dir = given ?? this.deps.defaultOutDir;
    if (given === undefined) await mkdir(dir, { recursive: true }).catch(() => {});
    const st = await stat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new DaemonError('NotFound', `The folder ${dir} does not exist.`, 'Create it first, or name another folder.');
      throw localWriteError(err, dir);
    });
    if (!st.isDirectory()) throw new DaemonError('InvalidInput', `${dir} is not a folder.`, 'Name a folder for the archive.');
    return dir;
  }
}

/** `gamelift-diagnostics-<fleet>-<compute>-<UTC yyyymmddThhmmssZ>.tar.gz`, safe on every OS's file system. */
export function archiveName(fleetId: string, computeName: string, at: Date): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `gamelift-diagnostics-${safe(fleetId)}-${safe(computeName)}-${stamp}.tar.gz`;
}

/** `'…'` for a POSIX shell: any byte but NUL survives. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The script carries itself in GLC_SELF so it can re-run under sudo and inside containers. */
function gatherCommand(args: string[]): string {
  return `GLC_SELF=${shellQuote(GATHER_SCRIPT_LINUX)}; export GLC_SELF; exec sh -c "$GLC_SELF" gather ${args.map(shellQuote).join(' ')}`;
}

function execOverSsh(ssh: SshClient, command: string): Promise<RemoteRun> {
  return new Promise((resolve, reject) => {
    ssh.exec(command, (err, channel) => {
      if (err) return reject(new DaemonError('Unreachable', `Could not run the diagnostics script on the instance (${err.message}).`));
      let stderr = '';
      channel.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP)));
      let code: number | null = null;
      channel.on('exit', (c: number | null) => (code = c));
      const ended = new Promise<{ code: number | null; stderr: string }>((done) => channel.on('close', () => done({ code, stderr })));
      resolve({
        async pump(onBytes) {
          for await (const chunk of channel as AsyncIterable<Buffer>) await onBytes(chunk);
          return ended;
        },
        abort: () => channel.close(),
      });
    });
  });
}

/** Over a Session Manager shell: stopping it ends the session (the compute's side exits on SIGHUP). */
function overShell(shell: ShellChannel, command: string, endSession: () => void): RemoteRun {
  return {
    async pump(onBytes) {
      const result = await runForBytes(shell, command, onBytes);
      return { code: result.exitCode, stderr: result.stderr };
    },
    abort: endSession,
  };
}

async function checkArchive(path: string): Promise<{ items: ManifestItem[] }> {
  const listing = await readTarGz(path, new Set([MANIFEST])).catch((err: unknown) => {
    if (err instanceof ArchiveError) throw new DaemonError('Unreachable', `The archive is damaged (${err.message}): nothing was kept.`, 'Try again.');
    throw err;
  });
  const raw = listing.contents.get(MANIFEST);
  let manifest: { items?: unknown } | null;
  try {
    manifest = raw ? (JSON.parse(raw.toString('utf8')) as { items?: unknown }) : null;
  } catch {
    manifest = null;
  }
  if (!manifest || !Array.isArray(manifest.items)) throw new DaemonError('Unreachable', 'The archive has no readable manifest: nothing was kept.', 'Try again.');
  return { items: manifest.items as ManifestItem[] };
}

function countItems(items: ManifestItem[]): { found: number; missing: number; skipped: number } {
  const count = (...statuses: ManifestItem['status'][]) => items.filter((i) => statuses.includes(i.status)).length;
  return { found: count('found', 'truncated'), missing: count('missing'), skipped: count('skipped') };
}

/** Links the checked temp file to its name (never over an existing file), then drops the temp name. */
async function placeUnder(temp: string, target: string): Promise<void> {
  await link(temp, target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new DaemonError('InvalidInput', `${target} already exists; it was left alone.`, 'Try again in a second.');
    throw err;
  });
  await unlink(temp);
}

function localWriteError(err: NodeJS.ErrnoException, dir: string): DaemonError {
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') return new DaemonError('AccessDenied', `You may not write into ${dir}.`, 'Name another folder (--out DIR).');
  if (err.code === 'ENOENT') return new DaemonError('NotFound', `The folder ${dir} does not exist.`, 'Create it first, or name another folder.');
  return new DaemonError('InvalidInput', `Cannot write into ${dir} (${err.message}).`);
}

function cancelledError(): DaemonError {
  return new DaemonError('Unreachable', 'The transfer was cancelled: nothing was kept.');
}
