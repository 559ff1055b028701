// Multiplexed port forwarding: an smux v1 server over the Output byte stream (docs/reference/
// ssm-data-channel.md §8.4). Each client SYN dials the destination; PSH carries bytes both ways; a
// FIN or a destination EOF closes that stream on both sides (no half-close); a failed dial is
// reported with the ConnectToPortError flag. Keepalive only runs for clients at or below 1.2.331.0.
import type { Socket } from 'node:net';
import { FlagValue, PayloadType, flagPayload } from '../../main/daemon/ssm/frame';
import { encodeSmuxFrame, SMUX_MAX_FRAME_DATA, SmuxCommand, SmuxDecoder, type SmuxFrame } from '../../main/daemon/ssm/smux-frame';
import { holdInputWhileBackedUp, type Dial } from './destination';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, readChunks, type PluginContext, type SessionPlugin } from './session-plugin';

/** smux defaults: a NOP every 10 s; a 30 s ticker closes the session when nothing arrived since the last tick. */
export interface SmuxKeepAlive {
  intervalMs: number;
  timeoutMs: number;
}
export const SMUX_DEFAULT_KEEPALIVE: SmuxKeepAlive = { intervalMs: 10_000, timeoutMs: 30_000 };

export class MuxPortSession implements SessionPlugin {
  private readonly decoder = new SmuxDecoder();
  private readonly streams = new Map<number, Socket>();
  private receivedSinceTick = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly context: PluginContext,
    private readonly dial: Dial,
    /** null when keepalive is disabled (clients newer than 1.2.331.0). */
    private readonly keepAlive: SmuxKeepAlive | null,
  ) {}

  get openStreams(): number {
    return this.streams.size;
  }

  start(): void {
    if (!this.keepAlive) return;
    this.timers.push(setInterval(() => this.sendFrame(SmuxCommand.Nop, 0), this.keepAlive.intervalMs));
    this.timers.push(
      setInterval(() => {
        if (!this.receivedSinceTick) this.context.end({ failure: 'smux keepalive timeout' });
        this.receivedSinceTick = false;
      }, this.keepAlive.timeoutMs),
    );
  }

  input(data: Buffer): Disposition {
    this.receivedSinceTick = true;
    let frames: SmuxFrame[];
    try {
      frames = this.decoder.push(data);
    } catch (error) {
      this.context.end({ failure: `smux: ${(error as Error).message}` });
      return 'processed';
    }
    for (const frame of frames) this.handle(frame);
    return 'processed';
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.streams.values()) socket.destroy();
    this.streams.clear();
  }

  private handle(frame: SmuxFrame): void {
    switch (frame.cmd) {
      case SmuxCommand.Syn:
        if (!this.streams.has(frame.streamId)) this.open(frame.streamId);
        break;
      case SmuxCommand.Psh: {
        const socket = this.streams.get(frame.streamId);
        if (!socket) break;
        socket.write(frame.data);
        holdInputWhileBackedUp(socket, this.context);
        break;
      }
      case SmuxCommand.Fin:
        this.closeStream(frame.streamId);
        break;
      case SmuxCommand.Nop:
        break;
    }
  }

  private open(streamId: number): void {
    let socket: Socket;
    try {
      socket = this.dial();
    } catch (error) {
      this.refuse(streamId, (error as Error).message);
      return;
    }
    this.streams.set(streamId, socket);
    let connected = false;
    socket.once('connect', () => (connected = true));
    socket.on('data', (data) => {
      for (const piece of readChunks(data, SMUX_MAX_FRAME_DATA)) this.sendFrame(SmuxCommand.Psh, streamId, piece);
      holdWhileCongested(this.context, socket);
    });
    socket.on('error', (error) => {
      if (!connected) this.refuse(streamId, error.message);
    });
    socket.on('close', () => this.closeStream(streamId));
  }

  /** A failed dial: the ConnectToPortError flag as its own message, then the stream's FIN. */
  private refuse(streamId: number, reason: string): void {
    this.context.log(`stream ${streamId}: dial failed: ${reason}`);
    this.context.send(PayloadType.Flag, flagPayload(FlagValue.ConnectToPortError));
    if (!this.streams.has(streamId)) this.sendFrame(SmuxCommand.Fin, streamId);
  }

  /** Closes both sides of a stream; the FIN back to the client is sent once. */
  private closeStream(streamId: number): void {
    const socket = this.streams.get(streamId);
    if (!socket) return;
    this.streams.delete(streamId);
    socket.destroy();
    this.sendFrame(SmuxCommand.Fin, streamId);
  }

  /** smux frames are a byte stream: the agent reads its pipe 1024 bytes at a time into Output payloads. */
  private sendFrame(cmd: SmuxCommand, streamId: number, data?: Buffer): void {
    for (const chunk of readChunks(encodeSmuxFrame(cmd, streamId, data))) this.context.send(PayloadType.Output, chunk);
  }
}
