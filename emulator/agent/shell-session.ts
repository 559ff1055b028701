// A shell or interactive command on a real pty (node-pty), as the agent's standard-stream plugin
// runs it: TERM=xterm-256color, output cut by the agent's UTF-8-aware 1024-byte reads, client bytes
// written to the pty raw, Size frames resizing it. When the program exits the session ends.
import { spawn, type IPty } from 'node-pty';
import { PayloadType } from '../../main/daemon/ssm/frame';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, type PluginContext, type SessionPlugin } from './session-plugin';
import { Utf8Chunker } from './utf8-chunker';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Output can trail the exit notification slightly; wait this long for it before ending. */
const EXIT_SETTLE_MS = 50;

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

  constructor(
    private readonly context: PluginContext,
    private readonly shell: ShellProgram,
    /** The agent's write pump waits before it first reads the pty (1 s on AWS). */
    private readonly firstOutputDelayMs: number,
  ) {}

  start(): void {
    const pty = spawn(this.shell.program, this.shell.args, {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: this.shell.cwd ?? this.shell.env.HOME ?? '/',
      env: { PATH: DEFAULT_PATH, ...this.shell.env, TERM: 'xterm-256color' },
      encoding: null,
    });
    this.pty = pty;
    if (this.firstOutputDelayMs > 0) {
      pty.pause();
      setTimeout(() => this.stopped || pty.resume(), this.firstOutputDelayMs);
    }
    // With encoding null node-pty hands over raw Buffers, whatever its typings say.
    pty.onData((data: string | Buffer) => {
      for (const payload of this.chunker.push(Buffer.isBuffer(data) ? data : Buffer.from(data))) this.context.send(PayloadType.Output, payload);
      holdWhileCongested(this.context, pty);
    });
    pty.onExit(({ exitCode }) => {
      this.context.log(`shell exited with ${exitCode}`);
      this.pty = null;
      setTimeout(() => this.context.end('exited'), EXIT_SETTLE_MS);
    });
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
