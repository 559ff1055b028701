// A shell or interactive command on a real pty (node-pty), as the agent's standard-stream plugin
// runs it: TERM=xterm-256color, output cut by the agent's UTF-8-aware 1024-byte reads, client bytes
// written to the pty raw, Size frames resizing it. When the program exits the session ends.
import { randomBytes } from 'node:crypto';
import { spawn, type IPty } from 'node-pty';
import { PayloadType } from '../../main/daemon/ssm/frame';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, type PluginContext, type SessionPlugin } from './session-plugin';
import { Utf8Chunker } from './utf8-chunker';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * The program runs under a wrapper that, once it exits, prints an end marker with its exit status
 * and waits. The real agent reads its pty until EOF and loses nothing; a pty read without blocking
 * (node-pty's, libuv's) can be hung up with output still in the kernel's buffers, and node-pty
 * destroys a paused pty 200 ms after its program exits. Held open by the wrapper, the pty is read
 * to the marker, and only then is the wrapper let go: every byte the program wrote arrives.
 */
const WRAPPER = `"$0" "$@"; status=$?; printf '\\033]%s;%d\\007' "$GAMELIFT_EMULATOR_END_MARK" "$status"; exec sleep 3600`;

export interface ShellProgram {
  program: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export class ShellSession implements SessionPlugin {
  private pty: IPty | null = null;
  private readonly chunker = new Utf8Chunker();
  private stopped = false;
  private readonly endMark = new EndMark(`gamelift-emulator-end-${randomBytes(8).toString('hex')}`);

  constructor(
    private readonly context: PluginContext,
    private readonly shell: ShellProgram,
    /** The agent's write pump waits before it first reads the pty (1 s on AWS). */
    private readonly firstOutputDelayMs: number,
  ) {}

  start(): void {
    const pty = spawn('/bin/sh', ['-c', WRAPPER, this.shell.program, ...this.shell.args], {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: this.shell.cwd ?? this.shell.env.HOME ?? '/',
      env: { PATH: DEFAULT_PATH, ...this.shell.env, TERM: 'xterm-256color', GAMELIFT_EMULATOR_END_MARK: this.endMark.name },
      encoding: null,
    });
    this.pty = pty;
    if (this.firstOutputDelayMs > 0) {
      pty.pause();
      setTimeout(() => this.stopped || pty.resume(), this.firstOutputDelayMs);
    }
    // With encoding null node-pty hands over raw Buffers, whatever its typings say.
    pty.onData((data: string | Buffer) => {
      if (this.endMark.seen) return; // the wrapper's own bytes after the marker
      const { output, status } = this.endMark.scan(Buffer.isBuffer(data) ? data : Buffer.from(data));
      for (const payload of this.chunker.push(output)) this.context.send(PayloadType.Output, payload);
      if (status !== undefined) {
        this.context.log(`shell exited with ${status}`);
        this.release();
        this.context.end('exited');
        return;
      }
      holdWhileCongested(this.context, pty);
    });
    pty.onExit(({ exitCode }) => {
      if (this.pty !== pty) return; // let go after its marker, or stopped
      // Killed from outside without a marker (it never printed one): what was read is all there is.
      this.context.log(`shell wrapper exited with ${exitCode} before its end marker`);
      this.pty = null;
      this.context.end('exited');
    });
  }

  /** The program has exited and its output is all read: the waiting wrapper goes. */
  private release(): void {
    const pty = this.pty;
    this.pty = null;
    try {
      pty?.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }

  input(data: Buffer): Disposition {
    this.pty?.write(data);
    return 'processed';
  }

  resize(cols: number, rows: number): void {
    if (cols > 0 && rows > 0) this.pty?.resize(cols, rows);
  }

  stop(): void {
    this.stopped = true;
    const pty = this.pty;
    this.pty = null;
    if (pty) {
      try {
        pty.kill('SIGHUP');
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Finds the wrapper's end marker (`ESC ] <name> ; <status> BEL`) in the pty's output, even split
 * across reads: bytes that may be the start of it are held back until the next read tells.
 */
class EndMark {
  private held = Buffer.alloc(0);
  seen = false;
  private readonly prefix: Buffer;

  constructor(readonly name: string) {
    this.prefix = Buffer.from(`\x1b]${name};`);
  }

  scan(data: Buffer): { output: Buffer; status?: number } {
    const all = Buffer.concat([this.held, data]);
    this.held = Buffer.alloc(0);
    const at = all.indexOf(this.prefix);
    if (at >= 0) {
      const end = all.indexOf(0x07, at + this.prefix.length);
      if (end < 0) {
        this.held = all.subarray(at);
        return { output: all.subarray(0, at) };
      }
      this.seen = true;
      return { output: all.subarray(0, at), status: Number(all.subarray(at + this.prefix.length, end).toString('latin1')) };
    }
    // Hold back a tail that is a proper start of the marker (it begins with ESC).
    for (let i = Math.max(0, all.length - this.prefix.length + 1); i < all.length; i++) {
      if (all[i] === 0x1b && this.prefix.subarray(0, all.length - i).equals(all.subarray(i))) {
        this.held = all.subarray(i);
        return { output: all.subarray(0, i) };
      }
    }
    return { output: all };
  }
}
