// A shell session's byte stream handed to a program instead of a terminal: what a `transfer`
// session over Session Manager gives files/ (the remote protocol of remote-stream.ts). Its
// output never reaches terminalData events (file bytes are not for the window), and it knows
// when the session is gone, so a reader waiting for more fails at once instead of hanging.
import type { Connection, ConnectionEvents } from '../transport/connection';

export interface ShellChannel {
  /** Input to the remote shell; false: wait for drained() before writing more. */
  write(data: Buffer): boolean;
  drained(): Promise<void>;
  /** The output, in order; what came before a reader was set is delivered to it first. */
  onData(reader: (chunk: Buffer) => void): void;
  /** Resolves with the reason once the session's transport has ended (for good, not a resumable drop). */
  readonly ended: Promise<string>;
}

/**
 * Wraps a session's events so a transport's output goes to a ShellChannel: returns the events to
 * give the transport, and `adopt`, which takes the connection built with them and returns the
 * channel and the connection to hand the session manager (closing it also ends the channel).
 */
export function channelEvents(events: ConnectionEvents): {
  events: ConnectionEvents;
  adopt: (connection: Connection) => { channel: ShellChannel; connection: Connection };
} {
  let reader: ((chunk: Buffer) => void) | null = null;
  const early: Buffer[] = [];
  let endedWith!: (reason: string) => void;
  const ended = new Promise<string>((resolve) => (endedWith = resolve));
  const wrapped: ConnectionEvents = {
    ...events,
    data(chunk) {
      if (reader) reader(chunk);
      else early.push(chunk);
    },
    ended(reason, end) {
      endedWith(reason);
      events.ended(reason, end);
    },
  };
  const adopt = (connection: Connection) => ({
    channel: {
      write: (data: Buffer) => connection.write?.(data) ?? false,
      drained: () => connection.drained?.() ?? Promise.resolve(),
      onData(fn: (chunk: Buffer) => void) {
        reader = fn;
        for (const chunk of early.splice(0)) fn(chunk);
      },
      ended,
    },
    connection: {
      ...connection,
      async close() {
        endedWith('the session was closed');
        await connection.close();
      },
    },
  });
  return { events: wrapped, adopt };
}
