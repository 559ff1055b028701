// One session's data channel on the agent side: frames in and out over whichever WebSocket is
// currently attached, the agent's reliability rules, ~1 ms pacing between data frames, and a backlog
// measure the session's pumps use for back-pressure. Sequence state outlives any one WebSocket.
import type WebSocket from 'ws';
import {
  decodeFrame,
  encodeAck,
  encodeFrame,
  frameProblem,
  MessageType,
  parseAck,
  PayloadType,
  type Frame,
} from '../../main/daemon/ssm/frame';
import type { ArmedFaults } from './faults';
import { IncomingStream, type Disposition } from './incoming-stream';
import { OutgoingStream } from './outgoing-stream';
import { Wire } from './wire';
import { createHash } from 'node:crypto';

export const RESEND_TICK_MS = 100;
/** Pumps pause when this many frames are queued or unacked, and resume at the low mark. */
export const BACKLOG_HIGH_WATER = 256;
export const BACKLOG_LOW_WATER = 64;
/** With pacing off, frames go out in batches of this many per event-loop turn. */
const UNPACED_BATCH = 64;
/**
 * The real agent's WebSocket writes block while the client is not reading (TCP is full). ws never
 * blocks, it buffers: above this many buffered bytes the pump stops, as the agent's would.
 */
const WIRE_HIGH_WATER = 256 * 1024;
/** At a session's own end, queued output that cannot go out at all for this long is given up. */
const SEND_QUEUED_STALL_MS = 30_000;
/** How often a pump stopped by a full wire looks again. */
const WIRE_RETRY_MS = 2;

export interface DataChannelOptions {
  /** Gap between consecutive data frames; 0 sends as fast as the event loop allows. */
  pacingMs: number;
  /** Unacked frames kept for resending (the agent's 100,000); past it new frames are sent once. */
  outgoingBufferCapacity?: number;
  faults: () => ArmedFaults | undefined;
  /** The session's handler for in-order client stream data. */
  onStreamData(frame: Frame): Disposition;
  log(message: string): void;
}

export interface ChannelStats {
  corruptFrames: number;
  /** Frames whose digest is wrong: counted, then processed anyway, since the agent never checks it. */
  digestMismatches: number;
  acksWithheld: number;
  duplicatesReceived: number;
  framesSent: number;
}

export class AgentDataChannel {
  readonly outgoing: OutgoingStream;
  readonly incoming: IncomingStream;
  readonly stats = { corruptFrames: 0, digestMismatches: 0, acksWithheld: 0, framesSent: 0 };
  /** Last time stream data moved either way (the service's idle timer resets on it). */
  lastStreamActivity = Date.now();
  private readonly wire: Wire;
  private readonly queue: Array<{ payloadType: number; payload: Buffer }> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private paused = false;
  /** While the emulated agent is away (pausePublicationMs) it transmits nothing at all. */
  private awayUntil = 0;
  private awayTimer: NodeJS.Timeout | null = null;
  private pumpTimer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private lastDataSentAt = 0;
  private readonly resendTimer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: DataChannelOptions) {
    this.outgoing = new OutgoingStream(Date.now, options.outgoingBufferCapacity);
    this.wire = new Wire(options.faults);
    this.incoming = new IncomingStream((frame) => this.process(frame), (frame) => this.ack(frame));
    this.resendTimer = setInterval(() => this.resendHead(), RESEND_TICK_MS);
  }

  get statsSnapshot(): ChannelStats {
    return { ...this.stats, duplicatesReceived: this.incoming.duplicates };
  }

  attach(socket: WebSocket): void {
    this.wire.attach(socket);
    this.paused = false;
    this.schedulePump();
  }

  detach(socket: WebSocket): void {
    this.wire.detach(socket);
  }

  /** Queues a sequenced output_stream_data frame; it is numbered when the pacer sends it. */
  send(payloadType: number, payload: Buffer): void {
    if (this.closed) return;
    this.queue.push({ payloadType, payload });
    this.schedulePump();
  }

  /** Unsequenced, unacknowledged frames such as channel_closed go out at once. */
  sendUnsequenced(messageType: string, payload: Buffer): void {
    this.wire.writeControl(encodeFrame({ messageType, sequenceNumber: 0, payloadType: PayloadType.Undefined, payload }));
  }

  /** The agent disappears for a while, as MGS would report it to the client. */
  goAway(ms: number): void {
    this.sendUnsequenced(MessageType.PausePublication, Buffer.alloc(0));
    this.awayUntil = Date.now() + ms;
    if (this.awayTimer) clearTimeout(this.awayTimer);
    this.awayTimer = setTimeout(() => {
      this.awayTimer = null;
      this.awayUntil = 0;
      this.sendUnsequenced(MessageType.StartPublication, Buffer.alloc(0));
      this.schedulePump();
    }, ms);
  }

  /** Frames queued plus frames sent but not yet acknowledged. */
  get backlog(): number {
    return this.queue.length + this.outgoing.unackedCount;
  }

  get congested(): boolean {
    return this.backlog >= BACKLOG_HIGH_WATER;
  }

  /** Calls back once the backlog is down to the low-water mark. */
  whenDrained(callback: () => void): void {
    this.drainWaiters.push(callback);
    this.notifyIfDrained();
  }

  /**
   * Waits until no frame is left queued: all of them are on the wire. The pump sends as the wire
   * allows, so this takes as long as the client takes to read; it is kicked at every look, so no
   * missed wake-up can stall it. Ends early if `signal` aborts, the channel closes, or nothing at
   * all went out for SEND_QUEUED_STALL_MS (a client that is gone; the real agent's blocked write
   * fails then too).
   */
  async sendQueued(signal: AbortSignal): Promise<void> {
    let sent = this.stats.framesSent;
    let progressAt = Date.now();
    while (this.queue.length > 0 && !this.closed && !signal.aborted) {
      this.schedulePump();
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (this.stats.framesSent !== sent) {
        sent = this.stats.framesSent;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > SEND_QUEUED_STALL_MS) {
        this.options.log(`gave up sending ${this.queue.length} queued frames: nothing went out for ${SEND_QUEUED_STALL_MS} ms`);
        return;
      }
    }
  }

  /** Waits until everything sent has been acknowledged, as the agent does before closing (up to `timeoutMs`, 2 s on AWS). */
  async flush(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.backlog > 0 && !this.closed && !signal?.aborted) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.backlog === 0;
  }

  receive(raw: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(raw);
    } catch (error) {
      this.dropCorrupt((error as Error).message);
      return;
    }
    // The agent's Validate: header length (checked by decodeFrame), type and date; never the digest.
    const problem = frameProblem(frame, { checkDigest: false });
    if (problem) {
      this.dropCorrupt(problem);
      return;
    }
    if (!createHash('sha256').update(frame.payload).digest().equals(frame.payloadDigest)) this.stats.digestMismatches++;
    switch (frame.messageType) {
      case MessageType.Acknowledge:
        this.paused = false;
        this.handleAck(frame);
        break;
      case MessageType.InputStreamData:
        this.paused = false;
        this.lastStreamActivity = Date.now();
        this.incoming.receive(frame);
        break;
      case MessageType.PausePublication:
        this.paused = true;
        break;
      case MessageType.StartPublication:
        this.paused = false;
        break;
      default:
        this.options.log(`ignoring ${frame.messageType} frame`);
    }
    this.schedulePump();
  }

  /** Stops reading client frames until resumeReading (a destination is not keeping up). */
  pauseReading(): void {
    this.wire.pauseReading();
  }

  resumeReading(): void {
    this.wire.resumeReading();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.resendTimer);
    if (this.awayTimer) clearTimeout(this.awayTimer);
    if (this.pumpTimer) {
      clearTimeout(this.pumpTimer as NodeJS.Timeout);
      clearImmediate(this.pumpTimer as NodeJS.Immediate);
    }
    this.wire.close();
    this.queue.length = 0;
  }

  private process(frame: Frame): Disposition {
    try {
      return this.options.onStreamData(frame);
    } catch (error) {
      this.options.log(`input seq ${frame.sequenceNumber} failed: ${(error as Error).message}`);
      return 'processed';
    }
  }

  private ack(frame: Frame): void {
    if (this.away || this.options.faults()?.withholdingAcks()) {
      this.stats.acksWithheld++;
      return;
    }
    this.wire.writeControl(encodeAck(frame));
  }

  private handleAck(frame: Frame): void {
    try {
      this.outgoing.acknowledge(parseAck(frame).AcknowledgedMessageSequenceNumber);
    } catch (error) {
      this.options.log(`bad acknowledge: ${(error as Error).message}`);
    }
    this.notifyIfDrained();
  }

  private dropCorrupt(reason: string): void {
    this.stats.corruptFrames++;
    this.options.log(`dropped a corrupt frame (${reason}); no ack`);
  }

  private get away(): boolean {
    return Date.now() < this.awayUntil;
  }

  private get transmitting(): boolean {
    return this.wire.up && !this.paused && !this.away && !this.closed;
  }

  private resendHead(): void {
    if (!this.transmitting) return;
    const bytes = this.outgoing.overdueHead();
    if (bytes) this.wire.writeControl(bytes);
  }

  private schedulePump(): void {
    if (this.pumpTimer || this.queue.length === 0 || !this.transmitting) return;
    if (this.wire.bufferedAmount > WIRE_HIGH_WATER) {
      this.pumpTimer = setTimeout(() => this.pump(), WIRE_RETRY_MS);
      return;
    }
    const wait = this.lastDataSentAt + this.options.pacingMs - Date.now();
    this.pumpTimer = wait > 0 ? setTimeout(() => this.pump(), wait) : setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumpTimer = null;
    const batch = this.options.pacingMs > 0 ? 1 : UNPACED_BATCH;
    for (let i = 0; i < batch && this.transmitting && this.wire.bufferedAmount <= WIRE_HIGH_WATER; i++) {
      const item = this.queue.shift();
      if (!item) break;
      const { bytes } = this.outgoing.next(item.payloadType, item.payload);
      this.wire.writeData(bytes);
      this.stats.framesSent++;
      this.lastDataSentAt = Date.now();
      this.lastStreamActivity = this.lastDataSentAt;
    }
    this.notifyIfDrained();
    this.schedulePump();
  }

  private notifyIfDrained(): void {
    if (this.backlog > BACKLOG_LOW_WATER || this.drainWaiters.length === 0) return;
    for (const callback of this.drainWaiters.splice(0)) callback();
  }
}
