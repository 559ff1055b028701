// Basic (non-multiplexed) port forwarding (docs/reference/ssm-data-channel.md §8.3), for agents at or below
// 3.0.196.0 and for documents without type LocalPortForwarding: one local connection at a time,
// raw bytes as Output. A closed local connection is announced with DisconnectToPort; later
// connections wait their turn on the same listener.
import type { Socket } from 'node:net';
import { FlagValue } from './frame';
import { PausedSockets } from './forwarder';
import { writeCoalesced } from './coalesced-writes';
import type { ConnectionEvents, Forwarder, ForwarderLink } from './forwarder';

export class BasicForwarder implements Forwarder {
  readonly mode = 'basic';
  private current: { id: number; socket: Socket } | null = null;
  private readonly waiting: { id: number; socket: Socket }[] = [];
  private readonly paused = new PausedSockets();
  private nextId = 1;
  private droppedNotice = false;

  constructor(private readonly link: ForwarderLink, private readonly events: ConnectionEvents) {}

  get active(): number {
    return (this.current ? 1 : 0) + this.waiting.length;
  }

  get pendingBytes(): number {
    return this.current?.socket.writableLength ?? 0;
  }

  accept(socket: Socket): void {
    const entry = { id: this.nextId++, socket };
    socket.pause();
    socket.on('error', () => this.release(entry));
    socket.on('close', () => this.release(entry));
    socket.on('end', () => this.release(entry));
    if (this.current) this.waiting.push(entry);
    else this.begin(entry);
    this.events.opened(entry.id);
  }

  onOutput(data: Buffer): void {
    if (this.current) {
      writeCoalesced(this.current.socket, data);
    } else if (!this.droppedNotice) {
      this.droppedNotice = true;
      this.link.log('dropped agent data that arrived with no local connection open (basic mode)');
    }
  }

  onFlag(): void {}

  onDrain(): void {
    this.paused.resumeAll();
  }

  stop(): void {
    for (const entry of [...this.waiting]) entry.socket.destroy();
    this.current?.socket.destroy();
  }

  private begin(entry: { id: number; socket: Socket }): void {
    this.current = entry;
    entry.socket.on('data', (chunk: Buffer) => {
      if (!this.link.sendOutput(chunk)) this.paused.pause(entry.socket);
    });
    entry.socket.on('drain', () => this.link.consumerDrained());
    entry.socket.resume();
  }

  private release(entry: { id: number; socket: Socket }): void {
    const waitingAt = this.waiting.indexOf(entry);
    if (waitingAt >= 0) {
      this.waiting.splice(waitingAt, 1);
    } else if (this.current === entry) {
      this.current = null;
      this.link.sendFlag(FlagValue.DisconnectToPort);
      this.paused.forget(entry.socket);
      const next = this.waiting.shift();
      if (next) this.begin(next);
    } else {
      return;
    }
    entry.socket.destroy();
    this.events.closed(entry.id);
    this.link.consumerDrained();
  }
}
