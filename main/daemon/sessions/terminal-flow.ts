// Flow control between a shell and the views showing it (contract: ackTerminal). Output is counted
// as it goes out in terminalData events, each carrying the stream offset it ends at; every view
// (a window's terminal, the CLI) acknowledges the offset it has processed up to, under its own
// viewer ID. The backlog the shell's transport holds back on (TERMINAL_OUTPUT_HIGH_WATER) is how
// far the slowest live view is behind: two views never add up to one, and a view that opened
// late is measured from where it is, not from the start.
//
// Only views that acknowledge count: with none (no window open, an old client) the backlog is 0
// and output flows into the ring buffer. A view that acknowledges nothing for VIEWER_SILENT_MS
// (closed tab, crashed renderer, killed CLI) stops counting and the shell is released. A view that
// is alive but behind (a stalled terminal, a pager) repeats its last acknowledgement meanwhile,
// and keeps holding the shell.

/** A view that has acknowledged nothing for this long is taken to be gone. */
export const VIEWER_SILENT_MS = 5000;
/** How often a view that is alive but behind repeats its acknowledgement (well inside VIEWER_SILENT_MS). */
export const VIEWER_HEARTBEAT_MS = 1000;

interface Viewer {
  upTo: number;
  lastAckAt: number;
}

export class TerminalFlow {
  private sent = 0;
  private readonly viewers = new Map<string, Viewer>();
  private releaseTimer: NodeJS.Timeout | null = null;

  constructor(
    /** Called when the backlog may have fallen (an ack, a silent view given up on). */
    private readonly drained: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stream offset output has reached: what every terminalData so far adds up to. */
  get offset(): number {
    return this.sent;
  }

  /** Output bytes the slowest live view has not processed yet. */
  backlog = (): number => {
    let worst = 0;
    for (const viewer of this.liveViewers()) worst = Math.max(worst, this.sent - viewer.upTo);
    return worst;
  };

  /** `bytes` go out in a terminalData event; returns the offset that event ends at. */
  sentOut(bytes: number): number {
    this.sent += bytes;
    this.armRelease();
    return this.sent;
  }

  /** View `viewerId` has processed the output up to `upTo` (a repeat is a heartbeat). */
  ack(viewerId: string, upTo: number): void {
    const previous = this.viewers.get(viewerId)?.upTo ?? 0;
    // Never past what went out, never backwards (acks may cross on the wire).
    this.viewers.set(viewerId, { upTo: Math.min(this.sent, Math.max(previous, upTo)), lastAckAt: this.now() });
    this.armRelease();
    this.drained();
  }

  dispose(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    this.viewers.clear();
  }

  /** Views heard from within VIEWER_SILENT_MS; the others are forgotten. */
  private *liveViewers(): Generator<Viewer> {
    const now = this.now();
    for (const [id, viewer] of this.viewers) {
      if (now - viewer.lastAckAt > VIEWER_SILENT_MS) this.viewers.delete(id);
      else yield viewer;
    }
  }

  /** While a live view is behind, make sure it cannot hold the shell for good by going silent. */
  private armRelease(): void {
    if (this.releaseTimer) return;
    let firstSilence = Number.POSITIVE_INFINITY;
    for (const viewer of this.liveViewers()) {
      if (viewer.upTo < this.sent) firstSilence = Math.min(firstSilence, viewer.lastAckAt + VIEWER_SILENT_MS);
    }
    if (firstSilence === Number.POSITIVE_INFINITY) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      this.drained();
      this.armRelease();
    }, Math.max(0, firstSilence - this.now()) + 1);
    this.releaseTimer.unref();
  }
}
