// A NonInteractiveCommands session (docs/reference/ssm-data-channel.md §8.1) as the agent runs it: the
// command as a plain process (no pty, stdin /dev/null), Size ignored, and client Output only scanned
// for Ctrl-C / Ctrl-\ (the agent never writes it to the command), which become SIGINT / SIGQUIT.
// With separate output streams, stdout goes out as Output (1) and stderr as StdErr (11) while the
// command runs, then ExitCode (12) "EXIT_CODE: <n>". Otherwise stdout and stderr share one file, as
// on the agent, which is sent as Output only once the command has exited, and no exit code follows.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PayloadType } from '../../main/daemon/ssm/frame';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, READ_CHUNK_BYTES, readChunks, type PluginContext, type SessionPlugin } from './session-plugin';
import type { OutputStreams } from './shell-output-config';
import { DEFAULT_PATH, type ShellProgram } from './shell-session';
import { Utf8Chunker } from './utf8-chunker';

const CONTROL_SIGNALS = new Map<number, NodeJS.Signals>([
  [0x03, 'SIGINT'],
  [0x1c, 'SIGQUIT'],
]);

export class NonInteractiveSession implements SessionPlugin {
  private child: ChildProcess | null = null;
  private reader: Readable | null = null;
  private outputDir: string | null = null;
  private stopped = false;

  constructor(
    private readonly context: PluginContext,
    private readonly command: ShellProgram,
    private readonly streams: OutputStreams,
  ) {}

  start(): void {
    if (this.streams.separate) this.runSeparate();
    else this.runMerged();
  }

  /** Only the first control byte of a payload counts, as on the agent; everything else is dropped. */
  input(data: Buffer): Disposition {
    for (const byte of data) {
      const signal = CONTROL_SIGNALS.get(byte);
      if (signal) {
        this.context.log(`control byte ${byte} → ${signal}`);
        this.signal(signal);
        break;
      }
    }
    return 'processed';
  }

  /** Cancellation (TerminateSession, idle timeout): the agent kills the command and reports no exit code. */
  stop(): void {
    this.stopped = true;
    const child = this.child;
    this.child = null;
    if (child) this.signal('SIGKILL', child);
    this.reader?.destroy();
    this.removeOutputFile();
  }

  private runSeparate(): void {
    const child = this.spawn(['ignore', 'pipe', 'pipe']);
    if (!child) return;
    this.pump(child.stdout!, PayloadType.Output, this.streams.stdoutPrefix);
    this.pump(child.stderr!, PayloadType.StdErr, this.streams.stderrPrefix);
    // 'close' comes after the exit and the end of both pipes, so the exit code follows all output.
    child.on('close', (code, signal) => {
      if (this.stopped || this.child !== child) return;
      this.child = null;
      this.context.log(`command exited with ${code ?? signal}`);
      this.context.send(PayloadType.ExitCode, Buffer.from(`EXIT_CODE: ${exitStatus(code)}`));
      this.context.end('exited');
    });
  }

  private runMerged(): void {
    this.outputDir = mkdtempSync(join(tmpdir(), 'ssm-non-interactive-'));
    const file = join(this.outputDir, 'output');
    // One file for both streams keeps stdout and stderr in the order the command wrote them.
    const fd = openSync(file, 'w');
    let child: ChildProcess | null;
    try {
      child = this.spawn(['ignore', fd, fd]);
    } finally {
      closeSync(fd);
    }
    if (!child) return;
    child.on('close', (code, signal) => {
      if (this.stopped || this.child !== child) return;
      this.child = null;
      this.context.log(`command exited with ${code ?? signal}`);
      this.sendFile(file);
    });
  }

  private spawn(stdio: ['ignore', 'pipe' | number, 'pipe' | number]): ChildProcess | null {
    const { program, args, env, cwd } = this.command;
    const child = spawn(program, args, {
      cwd: cwd ?? env.HOME ?? '/',
      env: { PATH: DEFAULT_PATH, LANG: 'C.UTF-8', ...env, TERM: 'xterm-256color' },
      stdio,
      // Its own process group, so signals reach the command and not just the `sh -c` around it.
      detached: true,
    });
    child.on('error', (error) => this.fail(`Unable to start command: ${error.message}`));
    this.child = child;
    return child;
  }

  /**
   * The agent reads each pipe 1024 bytes less the prefix at a time, and puts the prefix in front of a
   * read that starts a line: the first one, and any after a read that ended in a newline. So a read
   * holding several lines is prefixed once, not per line.
   */
  private pump(stream: Readable, payloadType: number, prefixText: string): void {
    const prefix = Buffer.from(prefixText);
    const readSize = READ_CHUNK_BYTES - prefix.length;
    const chunker = new Utf8Chunker();
    let lineStart = true;
    stream.on('data', (data: Buffer) => {
      for (const read of readChunks(data, readSize)) {
        const prefixed = lineStart && prefix.length > 0 ? Buffer.concat([prefix, read]) : read;
        lineStart = read[read.length - 1] === 0x0a;
        for (const payload of chunker.push(prefixed)) this.context.send(payloadType, payload);
      }
      holdWhileCongested(this.context, stream);
    });
  }

  /**
   * The agent runs the command itself (no shell) and signals that process. Here `sh -c` stands in
   * between, and dash defers SIGINT while it waits for a child, so the whole group is signalled
   * (also after `sh` itself exited, since a background child may still hold the output pipes).
   */
  private signal(signal: NodeJS.Signals, child = this.child): void {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // No group yet (the child has not reached setsid) or none any more: signal the process itself.
      child.kill(signal);
    }
  }

  private sendFile(file: string): void {
    const chunker = new Utf8Chunker();
    const reader = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    this.reader = reader;
    reader.on('data', (data) => {
      if (this.stopped) return;
      for (const payload of chunker.push(data as Buffer)) this.context.send(PayloadType.Output, payload);
      holdWhileCongested(this.context, reader);
    });
    reader.on('error', (error) => this.fail(`reading the command output failed: ${error.message}`));
    reader.on('end', () => {
      this.removeOutputFile();
      if (!this.stopped) this.context.end('exited');
    });
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.child = null;
    this.removeOutputFile();
    this.context.end({ failure: reason });
  }

  private removeOutputFile(): void {
    if (this.outputDir) rmSync(this.outputDir, { recursive: true, force: true });
    this.outputDir = null;
  }
}

/** Go's ExitCode(): the status, or -1 for a process a signal ended. */
function exitStatus(code: number | null): number {
  return code ?? -1;
}
