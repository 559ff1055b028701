// An interactive shell over a data channel (docs/reference/ssm-data-channel.md §8.1): raw bytes both ways,
// the terminal size as PayloadType 3, and the end of the session. A plain shell has no handshake;
// one that comes anyway (KMS, NonInteractiveCommands) is handled by the data channel, and input
// typed before the session type is known is held, not lost.
import { EventEmitter } from 'node:events';
import { openSession } from './open-session';
import type { SessionDocument, SessionTarget } from './open-session';
import type { ChannelClosed, ChannelState, DataChannel, SessionReady } from './data-channel';

/**
 * How long input waits for a sign of the session type. The agent's handshake (KMS, non-interactive
 * commands) comes at once and a shell prompts within ~1 s; a program that prints nothing until it
 * reads input gets its input after this.
 */
const PLAIN_SESSION_GRACE_MS = 3000;

export interface ShellSessionOptions extends SessionTarget, SessionDocument {
  /** The terminal size, if known; a 0×0 terminal sends none, as the plugin does. */
  size?: { cols: number; rows: number };
}

export interface ShellExit extends ChannelClosed {
  /** Only where the agent sends EXIT_CODE (NonInteractiveCommands with separate streams). */
  exitCode: number | null;
}

export interface ShellSessionEvents {
  data: [data: Buffer];
  stderr: [data: Buffer];
  ready: [info: SessionReady];
  state: [state: ChannelState];
  notice: [message: string];
  /** write() may be called again (after it returned false). */
  drain: [];
  exit: [exit: ShellExit];
}

export class ShellSession extends EventEmitter<ShellSessionEvents> {
  private size: { cols: number; rows: number } | null = null;
  private sentSize = '0x0';
  private exitCode: number | null = null;
  private exitInfo: ShellExit | null = null;

  constructor(private readonly channel: DataChannel, size?: { cols: number; rows: number }) {
    super();
    if (size) this.size = size;
    channel.on('output', (data) => this.emit('data', data));
    channel.on('stderr', (data) => this.emit('stderr', data));
    channel.on('exitCode', (code) => (this.exitCode = code));
    channel.on('notice', (message) => this.emit('notice', message));
    channel.on('state', (state) => this.emit('state', state));
    channel.on('drain', () => this.emit('drain'));
    channel.on('ready', (info) => {
      this.sendSizeIfChanged();
      this.emit('ready', info);
    });
    channel.on('closed', (info) => {
      this.exitInfo = { ...info, exitCode: this.exitCode };
      this.emit('exit', this.exitInfo);
    });
  }

  get sessionId(): string {
    return this.channel.sessionId;
  }

  get state(): ChannelState {
    return this.channel.state;
  }

  get bytesIn(): number {
    return this.channel.bytesIn;
  }

  get bytesOut(): number {
    return this.channel.bytesOut;
  }

  get exited(): ShellExit | null {
    return this.exitInfo;
  }

  /**
   * For a consumer of 'data'/'stderr' that can tell how much it has not yet written out (e.g. the
   * CLI's stdout.writableLength): above the receive high-water mark (8 MiB by default) the session
   * stops reading from the agent until that is down to the low-water mark, and outputDrained()
   * must be called when it falls (e.g. on stdout's 'drain'). Without it, output is delivered as
   * fast as it arrives.
   */
  setOutputBacklog(backlog: () => number): void {
    this.channel.setReceiveBacklog(backlog);
  }

  /** The consumer wrote out some of its backlog. */
  outputDrained(): void {
    this.channel.consumerDrained();
  }

  /** Keystrokes or piped input. Returns false when the caller should wait for 'drain'. */
  write(data: Buffer | string): boolean {
    return this.channel.sendOutput(typeof data === 'string' ? Buffer.from(data) : data);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols: Math.max(0, Math.floor(cols)), rows: Math.max(0, Math.floor(rows)) };
    if (this.channel.ready) this.sendSizeIfChanged();
  }

  /** Ends the session (TerminateSession API). */
  async terminate(): Promise<void> {
    await this.channel.terminate();
  }

  private sendSizeIfChanged(): void {
    if (!this.size) return;
    const key = `${this.size.cols}x${this.size.rows}`;
    if (key === this.sentSize) return; // includes 0x0: never sent
    this.sentSize = key;
    this.channel.sendSize(this.size.cols, this.size.rows);
  }
}

/** StartSession for a shell document (default SSM-SessionManagerRunShell) and its data channel. */
export async function startShellSession(options: ShellSessionOptions): Promise<ShellSession> {
  const channel = await openSession(options, options, { assumePlainAfterMs: PLAIN_SESSION_GRACE_MS });
  return new ShellSession(channel, options.size);
}
