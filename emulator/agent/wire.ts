// The agent's end of the data-channel WebSocket, with the transport faults applied on the way out:
// reorder and duplicate first transmissions, and drop the connection after N bytes.
import WebSocket from 'ws';
import type { ArmedFaults } from './faults';

/** A reordered frame waits at most this long for a successor before going out alone. */
const REORDER_HOLD_MS = 20;

export class Wire {
  private socket: WebSocket | null = null;
  private held: { bytes: Buffer; timer: NodeJS.Timeout } | null = null;
  /** Reading stopped: the agent is blocked writing to a slow destination (carried to a new socket). */
  private readingPaused = false;

  constructor(private readonly faults: () => ArmedFaults | undefined) {}

  get up(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  attach(socket: WebSocket): void {
    this.socket = socket;
    if (this.readingPaused) socket.pause();
  }

  /** Bytes handed to the socket that the kernel has not taken yet: the client is not reading. */
  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /**
   * The real agent writes to a destination synchronously from its WebSocket reader, so a slow
   * destination stops its reads and TCP slows the client down. This is that stop.
   */
  pauseReading(): void {
    this.readingPaused = true;
    this.socket?.pause();
  }

  resumeReading(): void {
    this.readingPaused = false;
    this.socket?.resume();
  }

  detach(socket: WebSocket): void {
    if (this.socket === socket) this.socket = null;
  }

  /** Acks, resends and control frames: never reordered or duplicated. */
  writeControl(bytes: Buffer): void {
    this.write(bytes);
  }

  /** A sequenced frame's first transmission: the reorder and duplicate faults apply here. */
  writeData(bytes: Buffer): void {
    const faults = this.faults();
    if (faults?.pick('reorder') && !this.held) {
      this.held = { bytes, timer: setTimeout(() => this.releaseHeld(), REORDER_HOLD_MS) };
      return;
    }
    this.write(bytes);
    if (faults?.pick('duplicate')) this.write(bytes);
    this.releaseHeld();
  }

  close(): void {
    if (this.held) clearTimeout(this.held.timer);
    this.held = null;
  }

  private releaseHeld(): void {
    if (!this.held) return;
    clearTimeout(this.held.timer);
    const { bytes } = this.held;
    this.held = null;
    this.write(bytes);
  }

  private write(bytes: Buffer): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(bytes, { binary: true });
    const faults = this.faults();
    const drop = faults?.faults.dropAfterBytes;
    if (!faults || !drop || faults.dropFired) return;
    faults.bytesSent += bytes.length;
    if (faults.bytesSent < drop.bytes) return;
    faults.dropFired = true;
    if (drop.how === 'kill') socket.terminate();
    else socket.close(1000, 'Bye');
  }
}
