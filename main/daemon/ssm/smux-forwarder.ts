// Multiplexed port forwarding (docs/reference/ssm-data-channel.md §8.4): each local TCP connection is one smux
// v1 stream (client ids odd, from 3) in the byte stream carried by Output payloads.
//
// No half-close: a local EOF ends that connection both ways (we send FIN and close the socket), as
// the plugin and the agent do; a FIN from the agent ends it too, after flushing what arrived.
// smux v1 has no per-stream flow control: agent→client bytes wait in the local socket if its reader
// is slower than the agent. `pendingBytes` (all streams together) feeds the data channel's receive
// flow, which stops reading the WebSocket for the whole session above its high-water mark, as the
// plugin's synchronous writes do: one slow local reader slows every stream of the session.
import type { Socket } from 'node:net';
import { encodeSmuxFrame, SMUX_HEADER_LENGTH, SmuxCommand, SmuxDecoder } from './smux-frame';
import { FlagValue } from './frame';
import { MAX_DATA_PAYLOAD } from './data-channel';
import { PausedSockets } from './forwarder';
import { writeCoalesced } from './coalesced-writes';
import type { ConnectionEvents, Forwarder, ForwarderLink } from './forwarder';

/** A PSH frame fills one data-channel frame exactly. */
const PSH_DATA_MAX = MAX_DATA_PAYLOAD - SMUX_HEADER_LENGTH;
export const SMUX_KEEPALIVE_MS = 10_000;
const FIRST_STREAM_ID = 3;

interface Stream {
  id: number;
  socket: Socket;
  received: number;
  finSent: boolean;
}

export class SmuxForwarder implements Forwarder {
  readonly mode = 'mux';
  private nextId = FIRST_STREAM_ID;
  private readonly streams = new Map<number, Stream>();
  private readonly decoder = new SmuxDecoder();
  private readonly paused = new PausedSockets();
  private keepalive: NodeJS.Timeout | null = null;
  /** ConnectToPortError carries no stream id; the FIN that follows it names the stream. */
  private connectErrors = 0;

  constructor(private readonly link: ForwarderLink, private readonly events: ConnectionEvents, options: { keepalive: boolean }) {
    // NOPs only for agents that still run smux keepalive (≤ 3.1.1511.0); newer ones would treat
    // them as traffic and never let the session idle out.
    if (options.keepalive) {
      this.keepalive = setInterval(() => this.link.sendOutput(encodeSmuxFrame(SmuxCommand.Nop, 0)), SMUX_KEEPALIVE_MS);
      this.keepalive.unref();
    }
  }

  get active(): number {
    return this.streams.size;
  }

  get pendingBytes(): number {
    let total = 0;
    for (const stream of this.streams.values()) total += stream.socket.writableLength;
    return total;
  }

  accept(socket: Socket): void {
    const id = this.nextId;
    this.nextId += 2;
    const stream: Stream = { id, socket, received: 0, finSent: false };
    this.streams.set(id, stream);
    this.link.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, id));
    this.events.opened(id);
    socket.on('data', (chunk: Buffer) => {
      let ok = true;
      for (let offset = 0; offset < chunk.length; offset += PSH_DATA_MAX) {
        ok = this.link.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, id, chunk.subarray(offset, offset + PSH_DATA_MAX)));
      }
      if (!ok) this.paused.pause(socket);
    });
    socket.on('drain', () => this.link.consumerDrained());
    socket.on('end', () => this.endStream(stream));
    socket.on('close', () => this.endStream(stream));
    socket.on('error', (error) => this.endStream(stream, error.message));
  }

  onOutput(data: Buffer): void {
    for (const frame of this.decoder.push(data)) {
      const stream = this.streams.get(frame.streamId);
      if (frame.cmd === SmuxCommand.Psh && stream) {
        stream.received += frame.data.length;
        writeCoalesced(stream.socket, frame.data);
      } else if (frame.cmd === SmuxCommand.Fin && stream) {
        const refused = stream.received === 0 && this.connectErrors > 0;
        if (refused) this.connectErrors--;
        this.endStream(stream, refused ? 'the agent could not connect to the destination port' : undefined, { flush: true });
      }
      // NOP: keepalive; SYN: the agent never opens streams; unknown ids: already closed here.
    }
  }

  onFlag(flag: number): void {
    if (flag !== FlagValue.ConnectToPortError) return;
    this.connectErrors++;
    this.link.log('Connection to destination port failed, check SSM Agent logs.');
  }

  onDrain(): void {
    this.paused.resumeAll();
  }

  stop(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    for (const stream of [...this.streams.values()]) this.endStream(stream);
  }

  /** Ends a stream both ways: FIN to the agent (once) and the local socket closed. */
  private endStream(stream: Stream, error?: string, options: { flush?: boolean } = {}): void {
    if (this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    this.paused.forget(stream.socket);
    if (!stream.finSent) {
      stream.finSent = true;
      this.link.sendOutput(encodeSmuxFrame(SmuxCommand.Fin, stream.id));
    }
    if (options.flush && !stream.socket.destroyed) {
      stream.socket.end(); // bytes already written reach the local peer first
      stream.socket.setTimeout(5000, () => stream.socket.destroy());
    } else {
      stream.socket.destroy();
    }
    this.events.closed(stream.id, error);
    this.link.consumerDrained();
  }
}
