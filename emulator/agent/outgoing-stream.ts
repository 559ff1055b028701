// The agent's sending half of the reliability layer (docs/reference/ssm-data-channel.md §5.1, §5.4):
// its own sequence counter from 0 (SYN on seq 0), an unacked list appended *before* the write,
// selective acks feeding the RTT estimator, and a resend rule that looks only at the head.
// The estimator is the client's (same constants on both sides, §5.4); unlike the client, the agent
// measures R from a frame's last (re)send, so a resent frame's ack is sampled too.
import { encodeFrame, HeaderFlags, MessageType } from '../../main/daemon/ssm/frame';
import { RtoEstimator } from '../../main/daemon/ssm/rto';

/**
 * The agent's unacked-frame buffer (§5.4, §17). When full, a new frame is still sent once but is
 * not kept for resending: if the client refuses it, or the socket drops before it arrives, it is
 * gone for good. Tests lower it (DataChannelAgentOptions.outgoingBufferCapacity) to catch that.
 */
export const OUTGOING_BUFFER_CAPACITY = 100_000;

interface UnackedFrame {
  seq: number;
  bytes: Buffer;
  lastSent: number;
}

export class OutgoingStream {
  readonly rtt = new RtoEstimator();
  private nextSeq = 0;
  private readonly unacked: UnackedFrame[] = [];
  /** Sequence numbers in the order they were resent, and when (this side's clock); tests read them to see the head-only, once-per-RTO rule. */
  readonly resent: number[] = [];
  readonly resentAt: number[] = [];

  /** Frames sent once without being kept because the buffer was full (diagnostics, tests). */
  unkept = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = OUTGOING_BUFFER_CAPACITY,
  ) {}

  get unackedCount(): number {
    return this.unacked.length;
  }

  /** Numbers and buffers the frame; returns its bytes for the caller to write (even when the socket is down). */
  next(payloadType: number, payload: Buffer): { seq: number; bytes: Buffer } {
    const seq = this.nextSeq++;
    const bytes = encodeFrame({
      messageType: MessageType.OutputStreamData,
      sequenceNumber: seq,
      flags: seq === 0 ? HeaderFlags.Syn : HeaderFlags.None,
      payloadType,
      payload,
    });
    if (this.unacked.length < this.capacity) this.unacked.push({ seq, bytes, lastSent: this.now() });
    else this.unkept++;
    return { seq, bytes };
  }

  /** Removes only the entry with that number (acks are selective); ids and types are not checked. */
  acknowledge(seq: number): boolean {
    const index = this.unacked.findIndex((f) => f.seq === seq);
    const entry = this.unacked[index];
    if (!entry) return false;
    this.rtt.sample(this.now() - entry.lastSent);
    this.unacked.splice(index, 1);
    return true;
  }

  /** The scheduler's tick: the head alone is resent once it is older than the RTO, and its clock restarts. */
  overdueHead(): Buffer | null {
    const head = this.unacked[0];
    const now = this.now();
    if (!head || now - head.lastSent <= this.rtt.rtoMs) return null;
    head.lastSent = now;
    this.resent.push(head.seq);
    this.resentAt.push(now);
    if (this.resent.length > 10_000) {
      this.resent.splice(0, 5_000);
      this.resentAt.splice(0, 5_000);
    }
    return head.bytes;
  }
}
