// Flow control for terminal output (contract: ackTerminal). The daemon stops reading a shell while
// its viewers are more than a mark behind; the view tells it what xterm.js has actually processed
// (write callbacks), in batches so a fast stream does not cost a call per event.

/** Acknowledge once this many bytes are processed… */
export const ACK_BATCH_BYTES = 32 * 1024;
/** …or this long after the first unacknowledged byte, whichever comes first. */
export const ACK_DELAY_MS = 50;

export class OutputAcks {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (bytes: number) => void) {}

  /** xterm.js has processed `bytes` more bytes of output events. */
  taken(bytes: number): void {
    if (bytes <= 0) return;
    this.pending += bytes;
    if (this.pending >= ACK_BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), ACK_DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending === 0) return;
    const bytes = this.pending;
    this.pending = 0;
    this.send(bytes);
  }
}
