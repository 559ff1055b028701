// The client side of the framed stream over a plain shell (remote-scripts.ts builds the remote
// side; docs/file-transfer.md). A run types its launch line, waits for READY, sends its script
// and arguments, then reads marker lines and base64 blocks from the shell's output; everything
// else the shell prints (the echo of the launch line, a prompt, a `docker` error) is noise, kept
// only to explain a failure. Each data chunk carries its length and SHA-256 and is checked as it
// arrives; the whole stream's SHA-256 decides. When the session ends before the last frame, the
// run fails at once with the session's reason.
import { createHash } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DaemonError } from '../errors';
import type { ShellChannel } from '../sessions/shell-channel';
import { launchLine, newMarker, runScript, type Marker, type RemoteScript } from './remote-scripts';

const gunzipAsync = promisify(gunzip);

/** Kinds of frame followed by body lines up to `<marker> .`. */
const BLOCK_KINDS = new Set(['C', 'P', 'N', 'M']);
/** How long a login shell may take to run the launch line (a loaded host can take seconds to print a prompt). */
const READY_TIMEOUT_MS = 60_000;
/** Lines of noise kept for an error message. */
const NOISE_LINES = 8;

export interface Frame {
  kind: string;
  fields: string[];
  /** Body lines of a block frame (C, P, N, M). */
  body: string[];
}

/** One script's run in a transfer session's shell. */
export class RemoteRun {
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | null = null;
  private endedReason: string | null = null;
  private readonly noise: string[] = [];
  private partial = '';
  private block: Frame | null = null;
  private ready = false;
  private released = false;

  private constructor(
    private readonly shell: ShellChannel,
    private readonly marker: Marker,
    private readonly lastFrame: string,
  ) {}

  /**
   * Starts `build(marker)` in the shell (inside container `runtimeId` when given): resolves once
   * the remote side runs the script and its arguments have been sent.
   */
  static async start(shell: ShellChannel, build: (marker: Marker) => RemoteScript, runtimeId?: string): Promise<RemoteRun> {
    const marker = newMarker();
    const script = build(marker);
    const run = new RemoteRun(shell, marker, script.lastFrame);
    shell.onData((chunk) => run.push(chunk));
    void shell.ended.then((reason) => {
      run.endedReason = reason;
      run.wake();
    });
    await run.send(launchLine(marker, Buffer.byteLength(script.text), runtimeId));
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DaemonError('Unreachable', `The compute's shell did not start the transfer within ${READY_TIMEOUT_MS / 1000} s${run.noiseText()}.`, 'Is it a POSIX shell (not PowerShell)? Try again, or open a shell to look.')),
        READY_TIMEOUT_MS,
      );
    });
    const ready = await Promise.race([run.next(), silent]).finally(() => clearTimeout(timer));
    if (ready.kind !== 'R') throw run.protocolError(ready);
    await run.send(script.text + script.input);
    return run;
  }

  /** The next frame; fails when the session ends first. */
  async next(): Promise<Frame> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame) {
        if (frame.kind === this.lastFrame || frame.kind === 'E') this.release();
        return frame;
      }
      if (this.endedReason !== null) throw this.endedError();
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Sends input to the remote side, waiting while the channel is full. */
  async send(data: string | Buffer): Promise<void> {
    if (this.endedReason !== null) throw this.endedError();
    const ok = this.shell.write(typeof data === 'string' ? Buffer.from(data) : data);
    if (!ok) {
      await Promise.race([this.shell.drained(), this.shell.ended]);
    }
  }

  /** A frame that does not belong where it came. */
  protocolError(frame: Frame): DaemonError {
    return new DaemonError('Unreachable', `The compute answered the transfer unexpectedly ('${frame.kind}')${this.noiseText()}.`, 'Try again; if it persists, the compute\'s shell may lack a standard tool.');
  }

  /** The last lines the shell printed outside the protocol (e.g. docker's own error), for a message. */
  noiseText(): string {
    const text = this.noise.join(' / ').trim();
    return text ? `: "${text.slice(-300)}"` : '';
  }

  private endedError(): DaemonError {
    return new DaemonError('Unreachable', `The session ended before the transfer finished (${this.endedReason})${this.noiseText()}: nothing was kept.`, 'Try again.');
  }

  /** The last frame is here: lets the remote side (waiting in `hold`) exit. */
  private release(): void {
    if (this.released || this.endedReason !== null) return;
    this.released = true;
    try {
      this.shell.write(Buffer.from('\n'));
    } catch {
      // The session is going anyway: its end stops the remote side too.
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private push(chunk: Buffer): void {
    // Bytes, not text: base64 and marker lines are ASCII; noise may be anything.
    const text = this.partial + chunk.toString('latin1');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) this.line(raw.replace(/\r/g, ''));
    if (this.frames.length > 0) this.wake();
  }

  private line(line: string): void {
    // Anywhere in the line: a prompt printed with no newline may come first (typed-ahead launch).
    const at = line.indexOf(`${this.marker.full} `);
    if (at < 0) {
      if (this.block) this.block.body.push(line);
      else if (line.trim()) {
        this.noise.push(line.trim().slice(0, 200));
        if (this.noise.length > NOISE_LINES) this.noise.shift();
      }
      return;
    }
    const [kind = '', ...fields] = line.slice(at + this.marker.full.length + 1).split(' ');
    if (kind === 'R') {
      // Only the first READY counts: the script's own output comes after it.
      if (this.ready) return;
      this.ready = true;
      this.noise.length = 0;
    }
    if (kind === '.' && this.block) {
      this.frames.push(this.block);
      this.block = null;
      return;
    }
    const frame = { kind, fields, body: [] };
    if (BLOCK_KINDS.has(kind)) this.block = frame;
    else this.frames.push(frame);
  }
}

/** A remote `E <code> <message>` frame: its code and the remote side's words. */
export function remoteFailure(frame: Frame): { code: string; message: string } {
  const [code = 'Failed', message = ''] = frame.fields;
  return { code, message: Buffer.from(message, 'base64').toString('utf8').trim() };
}

/** Decodes a block's base64 body. */
export function blockBytes(frame: Frame): Buffer {
  return Buffer.from(frame.body.join(''), 'base64');
}

export interface Received {
  bytes: number;
  sha256: string;
}

/**
 * Reads a streamed file (S, C blocks, F) from `run`: each chunk is gunzipped, checked against
 * its length and SHA-256, and handed to `onBytes` in order; then the total and the whole SHA-256
 * are checked. An `E` frame is thrown to `onError` to word. `progress(bytes, total)` after each chunk.
 */
export async function receiveStream(
  run: RemoteRun,
  onBytes: (chunk: Buffer) => void | Promise<void>,
  onError: (failure: { code: string; message: string }) => DaemonError,
  progress: (bytes: number, total: number) => void = () => {},
): Promise<Received> {
  let start = await run.next();
  if (start.kind === 'E') throw onError(remoteFailure(start));
  if (start.kind !== 'S') throw run.protocolError(start);
  const total = Number(start.fields[0]);
  const hash = createHash('sha256');
  let bytes = 0;
  for (;;) {
    start = await run.next();
    if (start.kind === 'E') throw onError(remoteFailure(start));
    if (start.kind === 'F') break;
    if (start.kind !== 'C') throw run.protocolError(start);
    const [length, sum] = start.fields;
    const raw = await gunzipAsync(blockBytes(start)).catch(() => null);
    if (!raw || raw.length !== Number(length) || createHash('sha256').update(raw).digest('hex') !== sum) {
      throw new DaemonError('Unreachable', `A chunk at byte ${bytes} arrived damaged: nothing was kept.`, 'Try again.');
    }
    hash.update(raw);
    bytes += raw.length;
    await onBytes(raw);
    progress(bytes, total);
  }
  const [size, sum] = start.fields;
  const sha256 = hash.digest('hex');
  if (Number(size) !== bytes || sum !== sha256) {
    throw new DaemonError('Unreachable', `The copy (${bytes} bytes) does not match the compute's file (${size} bytes, SHA-256 ${sum?.slice(0, 12)}…); did it change during the copy? Nothing was kept.`, 'Try again.');
  }
  return { bytes, sha256 };
}

export interface RunResult extends Received {
  /** The script's exit status. */
  exitCode: number;
  /** The last 4 KiB of its stderr. */
  stderr: string;
}

/**
 * Runs POSIX sh `script` on a compute through a transfer session's shell (`openTransferLink`'s
 * `via: 'shell'`: SDK 5 Linux, containers) and hands its stdout bytes to `onBytes`, in order and
 * each chunk checked (length, SHA-256); resolves once all of it arrived and matched the SHA-256
 * of the whole, with the script's exit status and the tail of its stderr. The script's stdin is
 * /dev/null; its stdout is kept in a private temporary file on the compute until it is sent (so
 * its size is bounded by the compute's temp space), removed however the run ends. Inside
 * `runtimeId`'s container when given (`sudo docker exec -i`). A session that ends first fails the
 * run (Unreachable); a script that cannot start (a missing tool) fails with its words.
 */
export async function runForBytes(
  shell: ShellChannel,
  script: string,
  onBytes: (chunk: Buffer) => void | Promise<void>,
  options: { runtimeId?: string; progress?: (bytes: number, total: number) => void } = {},
): Promise<RunResult> {
  const run = await RemoteRun.start(shell, (marker) => runScript(marker, script), options.runtimeId);
  const received = await receiveStream(run, onBytes, (failure) => new DaemonError('Unreachable', `The compute could not run the script (${failure.code}${failure.message ? `: ${failure.message}` : ''}).`), options.progress);
  const end = await run.next();
  if (end.kind !== 'X') throw run.protocolError(end);
  return { ...received, exitCode: Number(end.fields[0]), stderr: Buffer.from(end.fields[1] ?? '', 'base64').toString('utf8') };
}
