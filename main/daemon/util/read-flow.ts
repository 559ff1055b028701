// Back-pressure by not reading: while the consumers of a stream hold more than a high-water mark
// of bytes they have not taken yet, the source is not read, until they are down to the low mark.
// Used for agent → client data of a Session Manager session (docs/reference/ssm-data-channel.md
// §5.5 and §17) and for terminal output on its way to a slow window (SSH and SSM shells).
//
// Why SSM needs it this way: the protocol has no window, and the agent keeps at most 100,000 unacknowledged frames: when that
// buffer is full it sends a new frame once and forgets it. So a client must never refuse an
// in-order frame to slow the agent down (a refused frame past that point is gone for good). AWS's
// plugin writes each frame to its local consumer synchronously, so a slow consumer simply stops
// its WebSocket reads and TCP carries the back-pressure to the sender. This does the same without
// blocking: every frame that arrives is taken and acknowledged, and when the bytes the session has
// delivered but its consumers have not yet taken (local sockets' buffers, a terminal's backlog)
// reach the high-water mark, the WebSocket is no longer read until they are down to the low-water
// mark. Memory per session stays near the high-water mark plus what was already in flight on the
// socket when reading stopped.

/** Default high-water mark: bytes waiting for a slow consumer (per SSM session: local sockets' buffers). */
export const READ_HIGH_WATER = 8 * 1024 * 1024;

export interface ReadFlowOptions {
  highWater?: number;
  /** Reading resumes at or below this. Default: a quarter of the high-water mark. */
  lowWater?: number;
}

export interface ReadControl {
  pauseReading(): void;
  resumeReading(): void;
}

export class ReadFlow {
  private readonly highWater: number;
  private readonly lowWater: number;
  /** Bytes delivered to the session's consumers and not yet taken by them. */
  private backlog: () => number = () => 0;
  private paused = false;
  /** Times reading was paused (diagnostics, tests, benchmarks). */
  pauses = 0;

  constructor(private readonly reader: ReadControl, options: ReadFlowOptions = {}) {
    this.highWater = options.highWater ?? READ_HIGH_WATER;
    this.lowWater = options.lowWater ?? Math.floor(this.highWater / 4);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The consumer's measure of what it holds. It must call consumerDrained() when that falls. */
  measure(backlog: () => number): void {
    this.backlog = backlog;
    this.delivered();
    this.consumerDrained();
  }

  /** After delivering data (or a new measure): stop reading if the consumers are too far behind. */
  delivered(): void {
    if (this.paused || this.backlog() < this.highWater) return;
    this.paused = true;
    this.pauses++;
    this.reader.pauseReading();
  }

  /** The consumers took some bytes (a socket's 'drain', a terminal's acknowledgement, a close). */
  consumerDrained(): void {
    if (!this.paused || this.backlog() > this.lowWater) return;
    this.paused = false;
    this.reader.resumeReading();
  }
}
