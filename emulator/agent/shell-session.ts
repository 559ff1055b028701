// A shell or interactive command on a real pty (node-pty), as the agent's standard-stream plugin
// runs it: TERM=xterm-256color, output cut by the agent's UTF-8-aware 1024-byte reads, client bytes
// written to the pty raw, Size frames resizing it. When the program exits the session ends.
import { spawn, type IPty } from 'node-pty';
import { spawnToTheEnd } from '../core/pty-to-the-end';
import { PayloadType } from '../../main/daemon/ssm/frame';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, type PluginContext, type SessionPlugin } from './session-plugin';
import { Utf8Chunker } from './utf8-chunker';

/** Without the end-marker wrapper, output can trail the exit notification slightly; wait this long for it. */
const EXIT_SETTLE_MS = 50;

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

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
    /**
     * Read the program to its end (core/pty-to-the-end.ts): shells. Interactive commands run
     * directly: under the wrapper one loaded CI run in two hung a short command's session at
     * its end (not reproduced outside CI yet), so they keep node-pty's own exit for now.
     */
    private readonly readToEnd = true,
  ) {}

  start(): void {
    const options = {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: this.shell.cwd ?? this.shell.env.HOME ?? '/',
      env: { PATH: DEFAULT_PATH, ...this.shell.env, TERM: 'xterm-256color' },
    };
    const output = (data: Buffer) => {
      for (const payload of this.chunker.push(data)) this.context.send(PayloadType.Output, payload);
      if (this.pty) holdWhileCongested(this.context, this.pty);
    };
    const exited = (status: number | null) => {
      this.context.log(status === null ? 'shell ended without its end marker' : `shell exited with ${status}`);
      this.pty = null;
      this.context.end('exited');
    };
    const pty = this.readToEnd ? spawnToTheEnd(this.shell.program, this.shell.args, options, { output, exited }) : this.spawnDirect(options, output, exited);
    this.pty = pty;
    if (this.firstOutputDelayMs > 0) {
      pty.pause();
      setTimeout(() => this.stopped || pty.resume(), this.firstOutputDelayMs);
    }
  }

  private spawnDirect(options: Parameters<typeof spawn>[2], output: (data: Buffer) => void, exited: (status: number) => void): IPty {
    const pty = spawn(this.shell.program, this.shell.args, { ...options, encoding: null });
    // With encoding null node-pty hands over raw Buffers, whatever its typings say.
    pty.onData((data: string | Buffer) => output(Buffer.isBuffer(data) ? data : Buffer.from(data)));
    pty.onExit(({ exitCode }) => setTimeout(() => exited(exitCode), EXIT_SETTLE_MS));
    return pty;
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
