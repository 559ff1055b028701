// Flow control between a shell and the windows showing it (contract: ackTerminal). Output is
// counted as it goes out in terminalData events and as views acknowledge what xterm.js processed;
// the difference is the backlog the shell's transport holds back on (TERMINAL_OUTPUT_HIGH_WATER).
//
// Only views that acknowledge count: with none (no window open, the CLI, an old renderer) the
// backlog is 0 and output flows into the ring buffer as before. A view that stops acknowledging
// (closed tab, crashed renderer) stops counting after VIEWER_SILENT_MS, and the shell is released.

/** A view that has acknowledged nothing for this long is taken to be gone. */
export const VIEWER_SILENT_MS = 5000;

export class TerminalFlow {
  private sent = 0;
  private acked = 0;
  private lastAckAt = Number.NEGATIVE_INFINITY;
  private releaseTimer: NodeJS.Timeout | null = null;

  constructor(
    /** Called when the backlog may have fallen (an ack, a silent view given up on). */
    private readonly drained: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Output bytes not yet acknowledged by a view that is still acknowledging. */
  backlog = (): number => (this.now() - this.lastAckAt > VIEWER_SILENT_MS ? 0 : Math.max(0, this.sent - this.acked));

  /** `bytes` went out in a terminalData event. */
  sentOut(bytes: number): void {
    this.sent += bytes;
    this.armRelease();
  }

  /** A view processed `bytes` more bytes. */
  ack(bytes: number): void {
    // A view that opened late acknowledges only what it was sent; never count past what went out.
    this.acked = Math.min(this.sent, this.acked + bytes);
    this.lastAckAt = this.now();
    this.armRelease();
    this.drained();
  }

  dispose(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
  }

  /** While something is unacknowledged, make sure a silent view cannot hold the shell for good. */
  private armRelease(): void {
    // Nothing pending, or no view acknowledging (never, or silent already): nothing to release.
    if (this.releaseTimer || this.sent === this.acked || this.now() - this.lastAckAt > VIEWER_SILENT_MS) return;
    const wait = Math.max(0, this.lastAckAt + VIEWER_SILENT_MS - this.now()) + 1;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      this.drained();
      this.armRelease();
    }, wait);
    this.releaseTimer.unref();
  }
}
