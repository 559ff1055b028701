// The seam between a session's data channel and what it runs (a pty, one TCP connection, an smux
// server), like the agent's session plugins. Plugins see plaintext; the session encrypts and paces.
import type { Disposition } from './incoming-stream';

export interface PluginContext {
  /** Sends a sequenced frame to the client (encrypted by the session when KMS is on). */
  send(payloadType: number, payload: Buffer): void;
  /** True when the channel's backlog is high: pumps should stop reading until whenDrained fires. */
  readonly congested: boolean;
  whenDrained(callback: () => void): void;
  /** Stops reading client frames (the agent blocked writing to a slow destination), until resumeInput. */
  pauseInput(): void;
  resumeInput(): void;
  /** Ends the session from inside (shell exit, failed re-dial, smux keepalive timeout). */
  end(reason: 'exited' | { failure: string }): void;
  log(message: string): void;
}

export interface SessionPlugin {
  start(): void;
  /** Client Output bytes, in order and decrypted. 'not-ready' means neither ack nor advance. */
  input(data: Buffer): Disposition;
  resize?(cols: number, rows: number): void;
  flag?(value: number): void;
  stop(): void;
}

/** Reads from `source` stop while the channel is congested and resume once it drains. */
export function holdWhileCongested(context: PluginContext, source: { pause(): unknown; resume(): unknown }): void {
  if (!context.congested) return;
  source.pause();
  context.whenDrained(() => source.resume());
}

/** The agent reads its ptys, pipes and sockets at most this many bytes at a time. */
export const READ_CHUNK_BYTES = 1024;

/** `data` cut as the agent's reads would cut it (no payload it sends is longer than one read). */
export function* readChunks(data: Buffer, size = READ_CHUNK_BYTES): Generator<Buffer> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}
