// The agent's receiving half of the reliability layer (docs/reference/ssm-data-channel.md §5.3, agent
// side): process in order, ack only after processing, neither ack nor advance when the handler is
// not ready, ack and buffer early frames (up to 100,000), re-ack duplicates.
import type { Frame } from '../../main/daemon/ssm/frame';

export const INCOMING_BUFFER_CAPACITY = 100_000;

/** What the session did with an in-order frame. 'not-ready' leaves it for the client to resend. */
export type Disposition = 'processed' | 'not-ready';

export class IncomingStream {
  expected = 0;
  duplicates = 0;
  private readonly early = new Map<number, Frame>();

  constructor(
    private readonly process: (frame: Frame) => Disposition,
    private readonly ack: (frame: Frame) => void,
  ) {}

  receive(frame: Frame): void {
    const seq = frame.sequenceNumber;
    if (seq === this.expected) {
      if (this.process(frame) === 'not-ready') return;
      this.ack(frame);
      this.expected++;
      this.drainEarly();
    } else if (seq > this.expected) {
      if (this.early.size >= INCOMING_BUFFER_CAPACITY) return;
      this.early.set(seq, frame);
      this.ack(frame);
    } else {
      this.duplicates++;
      this.ack(frame);
    }
  }

  /** Processes buffered frames that have become next in line; they were acked on arrival. */
  drainEarly(): void {
    for (let frame = this.early.get(this.expected); frame; frame = this.early.get(this.expected)) {
      if (this.process(frame) === 'not-ready') return;
      this.early.delete(this.expected);
      this.expected++;
    }
  }

  get bufferedCount(): number {
    return this.early.size;
  }
}
