// The end-to-end reliability layer of the data channel (docs/reference/ssm-data-channel.md §5): sequence
// numbers per direction, selective acks, retransmission on an RTO, an out-of-order buffer and
// re-acked duplicates. It knows nothing of WebSockets: a Link is attached while a socket is open
// and detached when it drops, and every sequence number, buffer and unacked frame survives that.
//
// Where the plugin loses data this layer does not (§5.4, §11.2):
// - a frame joins the unacked list before it is written, so an early ack always finds it;
// - a frame written while the link is down (or failing) stays queued and counted and is resent;
// - duplicates are re-acked, and `expected` advances once a frame is delivered even when the ack
//   write fails;
// - after a reconnect or a start_publication every unacked frame is resent at once (in order, up to
//   the window), not only the head; an agent that only resends its head is unaffected.
// And it is faster: no sleep between frames, a bounded window of frames in flight instead, and a
// `send()` result plus a 'drain' event so producers can pause their sockets while the queue is full.
// It never refuses an in-order frame: the agent keeps at most 100,000 unacked frames and forgets
// new ones past that (§17), so a refused frame can be gone for good. Receive-side back-pressure
// stops reading the socket instead (util/read-flow.ts, used by data-channel.ts).
import { EventEmitter } from 'node:events';
import { encodeAck, encodeFrame, MessageType } from './frame';
import type { AckBody, Frame } from './frame';
import { RTO_DEFAULTS, RtoEstimator } from './rto';

/** Where frames are written. `write` returns false when the bytes could not be handed over. */
export interface Link {
  write(frame: Buffer): boolean;
}

export interface ReliableChannelOptions {
  /** MessageType of our sequenced frames; the client's is input_stream_data. */
  outgoingType?: string;
  /** Frames transmitted and not yet acked, at most. */
  window?: number;
  /** Queued frames (unacked + not yet sent) above which send() asks the producer to pause. */
  queueLimit?: number;
  /** Out-of-order frames held for later delivery (the plugin's 10,000); past it they are dropped unacked and the peer resends them. */
  incomingCapacity?: number;
  /** Resend scheduler period (§5.4: 100 ms). */
  tickMs?: number;
  /** Overdue frames resent per tick, at most. */
  resendBurst?: number;
  /** No ack for this long with frames in flight: the link is probably half-open ('stalled'). */
  stallMs?: number;
  /** No ack for this long with frames in flight means the peer is gone (plugin: ~5 min). */
  giveUpMs?: number;
  now?: () => number;
}

interface OutgoingEntry {
  seq: number;
  bytes: Buffer;
  lastSent: number;
  firstSent: number;
  retransmitted: boolean;
  /** Resends since the last (re)attach: each one doubles the wait before the next (capped at 1 s). */
  resends: number;
}

export interface ReliableChannelEvents {
  /** A sequenced frame from the peer, in order, exactly once. */
  deliver: [frame: Frame];
  /** The queue fell back under half its limit after send() returned false. */
  drain: [];
  /** Nothing acknowledged for stallMs although we kept resending: worth a new link. Once per stall. */
  stalled: [];
  /** The peer acknowledged nothing for giveUpMs although we kept resending. */
  timeout: [];
}

export class ReliableChannel extends EventEmitter<ReliableChannelEvents> {
  private readonly options: Required<Omit<ReliableChannelOptions, 'now'>>;
  private readonly now: () => number;
  private readonly rto = new RtoEstimator();

  private nextSeq = 0;
  /** Unacked frames, in sequence order (Map keeps insertion order and seq only grows). */
  private readonly outgoing = new Map<number, OutgoingEntry>();
  /** Every entry below this was written on the current link; the rest wait for the window. */
  private nextToTransmit = 0;
  private inFlight = 0;
  private wantsDrain = false;

  private expected = 0;
  private readonly incoming = new Map<number, Frame>();
  /** Payload bytes held in `incoming`. */
  private incomingBytes = 0;

  private link: Link | null = null;
  private paused = false;
  /** When the peer last acknowledged something, or we last (re)attached. */
  private lastProgress = 0;
  private stallReported = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: ReliableChannelOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.options = {
      outgoingType: options.outgoingType ?? MessageType.InputStreamData,
      window: options.window ?? 256,
      queueLimit: options.queueLimit ?? 512,
      incomingCapacity: options.incomingCapacity ?? 10_000,
      tickMs: options.tickMs ?? 100,
      resendBurst: options.resendBurst ?? 64,
      stallMs: options.stallMs ?? 30_000,
      giveUpMs: options.giveUpMs ?? 5 * 60_000,
    };
  }

  get rtoMs(): number {
    return this.rto.rtoMs;
  }

  /** Frames not yet acknowledged, sent or not. */
  get queued(): number {
    return this.outgoing.size;
  }

  get nextOutgoingSequence(): number {
    return this.nextSeq;
  }

  get expectedSequence(): number {
    return this.expected;
  }

  /** Payload bytes of out-of-order frames waiting for the ones before them. */
  get reorderBytes(): number {
    return this.incomingBytes;
  }

  /**
   * Queues one sequenced frame and transmits it if the window allows. Always accepted; returns
   * false when the queue is over its limit, and 'drain' follows once it has emptied enough.
   */
  send(payloadType: number, payload: Buffer): boolean {
    if (this.closed) throw new Error('data channel is closed');
    const seq = this.nextSeq++;
    const bytes = encodeFrame({ messageType: this.options.outgoingType, sequenceNumber: seq, payloadType, payload });
    this.outgoing.set(seq, { seq, bytes, lastSent: 0, firstSent: 0, retransmitted: false, resends: 0 });
    this.pump();
    const ok = this.outgoing.size < this.options.queueLimit;
    if (!ok) this.wantsDrain = true;
    return ok;
  }

  /** A sequenced frame from the peer: in order it is acknowledged and delivered, always. */
  receive(frame: Frame): void {
    if (this.closed) return;
    this.wakeFromPause(); // the agent's rule: stream data from the peer means it is back
    const seq = frame.sequenceNumber;
    if (seq === this.expected) {
      // Advance before delivering: a handler that sends in reply must not see this frame as pending.
      this.ack(frame);
      this.expected++;
      this.emit('deliver', frame);
      this.drainIncoming();
    } else if (seq > this.expected) {
      if (this.incoming.has(seq)) {
        this.ack(frame);
      } else if (this.incoming.size < this.options.incomingCapacity) {
        this.ack(frame);
        this.incoming.set(seq, frame);
        this.incomingBytes += frame.payload.length;
      }
      // Full buffer: dropped unacked, so the peer still holds it and resends it later.
    } else {
      this.ack(frame); // a duplicate: our earlier ack was lost, so say it again
    }
  }

  /** An acknowledge frame from the peer: removes exactly the entry with that sequence number. */
  receiveAck(ack: AckBody): void {
    if (this.closed) return;
    this.wakeFromPause();
    const entry = this.outgoing.get(ack.AcknowledgedMessageSequenceNumber);
    if (!entry) return;
    this.lastProgress = this.now();
    this.stallReported = false;
    if (!entry.retransmitted && entry.firstSent > 0) this.rto.sample(this.now() - entry.firstSent);
    this.outgoing.delete(entry.seq);
    if (entry.seq < this.nextToTransmit) this.inFlight--;
    this.pump();
    if (this.wantsDrain && this.outgoing.size <= this.options.queueLimit / 2) {
      this.wantsDrain = false;
      this.emit('drain');
    }
  }

  /** A new link (socket) is up: everything unacked is resent on it, in order, up to the window. */
  attach(link: Link): void {
    if (this.closed) return;
    this.link = link;
    this.paused = false;
    this.lastProgress = this.now();
    this.stallReported = false;
    this.restartTransmission();
    this.timer ??= setInterval(() => this.resendOverdue(), this.options.tickMs);
    this.timer.unref();
  }

  /** The link went away. Nothing is forgotten; frames sent meanwhile wait for the next attach. */
  detach(): void {
    this.link = null;
  }

  /** pause_publication: the peer is away; hold transmissions and resends (§5.6). */
  pause(): void {
    this.paused = true;
  }

  /** start_publication: the peer is back; resend what it may have missed. */
  resume(): void {
    this.wakeFromPause();
  }

  /** True once every frame we queued has been acknowledged. */
  get allAcked(): boolean {
    return this.outgoing.size === 0;
  }

  close(): void {
    this.closed = true;
    this.link = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.outgoing.clear();
    this.incoming.clear();
    this.incomingBytes = 0;
  }

  private wakeFromPause(): void {
    if (!this.paused) return;
    this.paused = false;
    this.restartTransmission();
  }

  private restartTransmission(): void {
    const first = this.outgoing.keys().next();
    this.nextToTransmit = first.done ? this.nextSeq : first.value;
    this.inFlight = 0;
    for (const entry of this.outgoing.values()) {
      entry.retransmitted ||= entry.firstSent > 0;
      entry.resends = 0;
    }
    this.pump();
  }

  /** Writes untransmitted frames in order while the window has room. */
  private pump(): void {
    if (!this.link || this.paused) return;
    while (this.inFlight < this.options.window && this.nextToTransmit < this.nextSeq) {
      const entry = this.outgoing.get(this.nextToTransmit++);
      if (!entry) continue; // acked already (an ack for a transmission on an earlier link)
      if (this.inFlight === 0) this.lastProgress = this.now(); // an idle spell is not silence from the peer
      this.transmit(entry);
      this.inFlight++;
      if (!this.link) return; // the write found the link dead
    }
  }

  private transmit(entry: OutgoingEntry): void {
    const now = this.now();
    if (entry.firstSent === 0) entry.firstSent = now;
    entry.lastSent = now;
    // A failed write changes nothing: the entry stays queued and the resend scheduler, or the
    // next attach, delivers it.
    this.link?.write(entry.bytes);
  }

  /** The resend scheduler's tick: overdue frames go out again with the same bytes (same MessageId). */
  resendOverdue(): void {
    if (!this.link || this.paused || this.inFlight === 0) return;
    const now = this.now();
    const silentFor = now - this.lastProgress;
    if (silentFor > this.options.giveUpMs) {
      this.emit('timeout');
      return;
    }
    if (silentFor > this.options.stallMs && !this.stallReported) {
      this.stallReported = true;
      this.emit('stalled');
      if (!this.link) return;
    }
    const rto = this.rto.rtoMs;
    let budget = this.options.resendBurst;
    for (const entry of this.outgoing.values()) {
      if (entry.seq >= this.nextToTransmit || budget === 0) break;
      if (now - entry.lastSent > Math.min(RTO_DEFAULTS.maxRtoMs, rto * 2 ** entry.resends)) {
        entry.retransmitted = true;
        entry.resends++;
        this.transmit(entry);
        budget--;
      }
    }
  }

  private drainIncoming(): void {
    for (let frame = this.incoming.get(this.expected); frame; frame = this.incoming.get(this.expected)) {
      this.incoming.delete(this.expected);
      this.incomingBytes -= frame.payload.length;
      this.expected++;
      this.emit('deliver', frame); // acked when it arrived
    }
  }

  private ack(frame: Frame): void {
    this.link?.write(encodeAck(frame));
  }
}
