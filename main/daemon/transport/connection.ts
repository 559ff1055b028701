// What a session's transport (SSH shell, SSM shell or forward, RDP relay) looks like to the
// session manager: terminal I/O where it applies, and close. Its own folder, below both the
// transports that implement it (ssh/, sessions' SSM connector) and the sessions/ that use it. Everything it has to say goes up
// through ConnectionEvents; renewed credentials reach it through its credential source.

export interface ConnectionEvents {
  /** Terminal output, in order. */
  data(chunk: Buffer): void;
  /** Bytes received from / sent to the remote side. */
  bytes(bytesIn: number, bytesOut: number): void;
  /**
   * The transport is gone for good. `unexpected`: worth a notification (a drop, a failure, a
   * forward the service closed) rather than the remote side finishing (a shell's exit). `by`: who
   * ended it (default: 'failure' when unexpected, else 'remote').
   */
  ended(reason: string, end: { exitCode?: number; unexpected: boolean; by?: 'user' | 'remote' | 'failure' }): void;
  /** The transport lost its channel and is re-establishing it (SSM ResumeSession). */
  reconnecting(): void;
  reconnected(): void;
  /** Live TCP connections through a forward. */
  connections(count: number): void;
  /** A forward's connection the remote side refused (nothing listens on the port); the forward goes on. */
  refused(reason: string): void;
}

/**
 * Terminal output the viewers have not yet taken, above which a shell stops reading from the
 * remote side (TCP or SSH window back-pressure) until it is down to a quarter of it. Small: a
 * terminal view needs only what it can draw, and the ring buffer keeps the tail for late viewers.
 */
export const TERMINAL_OUTPUT_HIGH_WATER = 1024 * 1024;

export interface Connection {
  write?(data: Buffer): boolean;
  /** After write() returned false: resolves once more may be written (a bulk writer's back-pressure; a terminal ignores it). */
  drained?(): Promise<void>;
  resize?(cols: number, rows: number): void;
  /** Shells: how many output bytes the viewers have not taken yet; call outputDrained() when it falls. */
  setOutputBacklog?(backlog: () => number): void;
  outputDrained?(): void;
  close(): Promise<void>;
}

export const noEvents: ConnectionEvents = {
  data() {},
  bytes() {},
  ended() {},
  reconnecting() {},
  reconnected() {},
  connections() {},
  refused() {},
};
