// A shell or interactive command on a real pty (node-pty), as the agent's standard-stream plugin
// runs it: TERM=xterm-256color, output cut by the agent's UTF-8-aware 1024-byte reads, client bytes
// written to the pty raw, Size frames resizing it. When the program exits the session ends.
import type { IPty } from 'node-pty';
import { spawnToTheEnd } from '../core/pty-to-the-end';
import { PayloadType } from '../../main/daemon/ssm/frame';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, type PluginContext, type SessionPlugin } from './session-plugin';
import { Utf8Chunker } from './utf8-chunker';

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
  ) {}

  start(): void {
    // Read to the end (core/pty-to-the-end.ts): a program's last output before it exits is never lost.
    const pty = spawnToTheEnd(
      this.shell.program,
      this.shell.args,
      {
        name: 'xterm-256color',
        cols: 80,
        rows: 24,
        cwd: this.shell.cwd ?? this.shell.env.HOME ?? '/',
        env: { PATH: DEFAULT_PATH, ...this.shell.env, TERM: 'xterm-256color' },
      },
      {
        output: (data) => {
          for (const payload of this.chunker.push(data)) this.context.send(PayloadType.Output, payload);
          if (this.pty) holdWhileCongested(this.context, this.pty);
        },
        exited: (status) => {
          this.context.log(status === null ? 'shell ended without its end marker' : `shell exited with ${status}`);
          this.pty = null;
          this.context.end('exited');
        },
      },
    );
    this.pty = pty;
    if (this.firstOutputDelayMs > 0) {
      pty.pause();
      setTimeout(() => this.stopped || pty.resume(), this.firstOutputDelayMs);
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
