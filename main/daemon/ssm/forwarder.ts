// What a port session does with local TCP connections once its mode is known (§8.2): the mux
// forwarder (smux) or the basic one. Both see the data channel only through this link.
import type { Socket } from 'node:net';

export interface ForwarderLink {
  /** Output bytes to the agent; false means pause the producer until onDrain. */
  sendOutput(data: Buffer): boolean;
  sendFlag(flag: number): boolean;
  /** A local socket took buffered agent bytes, or closed: reading may resume. */
  consumerDrained(): void;
  log(message: string): void;
}

export interface ConnectionEvents {
  opened(id: number): void;
  closed(id: number, error?: string): void;
}

export interface Forwarder {
  readonly mode: 'mux' | 'basic';
  /** Local connections now open. */
  readonly active: number;
  /** Agent bytes written to local sockets and not yet taken by their readers (the receive flow's measure). */
  readonly pendingBytes: number;
  accept(socket: Socket): void;
  onOutput(data: Buffer): void;
  onFlag(flag: number): void;
  /** The outgoing queue has room again: resume paused sockets. */
  onDrain(): void;
  /** Closes every local connection. */
  stop(): void;
}

/** Pauses sockets while the data channel is full, and resumes them all together on drain. */
export class PausedSockets {
  private readonly paused = new Set<Socket>();

  pause(socket: Socket): void {
    socket.pause();
    this.paused.add(socket);
  }

  resumeAll(): void {
    for (const socket of this.paused) if (!socket.destroyed) socket.resume();
    this.paused.clear();
  }

  forget(socket: Socket): void {
    this.paused.delete(socket);
  }
}
