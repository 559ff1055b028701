// Test support only, not the product client: a minimal client end of the data channel built from
// raw ws and frame.ts. It opens the channel, acks what it receives (unless told not to), numbers
// its own input from 0, and reassembles the agent's stream in sequence order.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  decodeFrame,
  encodeAck,
  encodeFrame,
  flagPayload,
  MessageType,
  parseAck,
  PayloadType,
  type Frame,
} from '../../../main/daemon/ssm/frame';

export interface PeerOptions {
  /** Sent in OpenDataChannelInput; null omits it, as old clients do. Default '1.2.650.0'. */
  clientVersion?: string | null;
}

export class TestPeer {
  /** Every output_stream_data arrival, in arrival order (duplicates and resends included). */
  readonly arrivals: Frame[] = [];
  /** Date.now() of each arrival, parallel to `arrivals`. */
  readonly arrivalTimes: number[] = [];
  /** The agent's stream delivered in sequence order, once each. */
  readonly delivered: Frame[] = [];
  /** Sequence numbers of our input the agent acknowledged, in arrival order. */
  readonly acked: number[] = [];
  /** What arrived, in order: 'ack:<our seq>', 'data:<their seq>:<payload type>', 'channel_closed',
   *  'pause_publication', 'start_publication'. */
  readonly timeline: string[] = [];
  channelClosed: Record<string, unknown> | null = null;
  /** Return false to withhold the ack for an arriving frame. */
  shouldAck: (frame: Frame) => boolean = () => true;
  /** Turns a delivered payload into plaintext (KMS tests set it). */
  decrypt: (frame: Frame) => Buffer = (frame) => frame.payload;
  nextSeq = 0;
  private expected = 0;
  private readonly early = new Map<number, Frame>();
  private socket!: WebSocket;
  private readonly clientId = randomUUID();
  private waiters: Array<() => void> = [];

  constructor(private readonly options: PeerOptions = {}) {}

  static async connect(streamUrl: string, token: string, options: PeerOptions = {}): Promise<TestPeer> {
    const peer = new TestPeer(options);
    await peer.open(streamUrl, token);
    return peer;
  }

  /** Opens (or re-opens, after a drop) the WebSocket; sequence state is kept. */
  async open(streamUrl: string, token: string): Promise<void> {
    const socket = new WebSocket(streamUrl);
    this.socket = socket;
    socket.on('message', (data, isBinary) => isBinary && this.onFrame(decodeFrame(data as Buffer)));
    socket.on('close', () => this.notify());
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const version = this.options.clientVersion === undefined ? '1.2.650.0' : this.options.clientVersion;
    socket.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: token,
        ClientId: this.clientId,
        ...(version === null ? {} : { ClientVersion: version }),
      }),
    );
  }

  /** Stops reading the WebSocket (TCP back-pressure reaches the agent), until resumeReading(). */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Resolves with the close code and reason when the agent (or the network) closes the socket. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve({ code: -1, reason: 'already closed' });
    return new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Numbers and sends one input_stream_data frame; returns its bytes for tests that resend or reorder. */
  send(payloadType: number, payload: Buffer, options: { write?: boolean } = {}): Buffer {
    const bytes = encodeFrame({ messageType: MessageType.InputStreamData, sequenceNumber: this.nextSeq++, payloadType, payload });
    if (options.write !== false) this.sendRaw(bytes);
    return bytes;
  }

  sendRaw(bytes: Buffer): void {
    this.socket.send(bytes, { binary: true });
  }

  /** A text WebSocket frame (only the first frame of a connection should be text). */
  sendText(text: string): void {
    this.socket.send(text);
  }

  sendOutput(data: string | Buffer): Buffer {
    return this.send(PayloadType.Output, Buffer.from(data));
  }

  sendSize(cols: number, rows: number): Buffer {
    return this.send(PayloadType.Size, Buffer.from(JSON.stringify({ cols, rows })));
  }

  sendFlag(flag: number): Buffer {
    return this.send(PayloadType.Flag, flagPayload(flag));
  }

  /** Plaintext of the delivered stream frames of one payload type, concatenated. */
  output(payloadType: number = PayloadType.Output): Buffer {
    return Buffer.concat(this.delivered.filter((f) => f.payloadType === payloadType).map((f) => this.decrypt(f)));
  }

  text(): string {
    return this.output().toString('utf8');
  }

  async waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForText(pattern: string | RegExp, timeoutMs = 5000): Promise<void> {
    const matches = () => (typeof pattern === 'string' ? this.text().includes(pattern) : pattern.test(this.text()));
    return this.waitFor(matches, timeoutMs, `output matching ${String(pattern)}`);
  }

  /** Waits for the next delivered frame of a payload type and returns it parsed as JSON. */
  async waitForJson<T = Record<string, unknown>>(payloadType: number, timeoutMs = 5000): Promise<{ frame: Frame; body: T }> {
    await this.waitFor(() => this.delivered.some((f) => f.payloadType === payloadType), timeoutMs, `payload type ${payloadType}`);
    const frame = this.delivered.find((f) => f.payloadType === payloadType)!;
    return { frame, body: JSON.parse(frame.payload.toString('utf8')) as T };
  }

  kill(): void {
    this.socket.terminate();
  }

  private onFrame(frame: Frame): void {
    if (frame.messageType === MessageType.Acknowledge) {
      const seq = parseAck(frame).AcknowledgedMessageSequenceNumber;
      this.acked.push(seq);
      this.timeline.push(`ack:${seq}`);
    } else if (frame.messageType === MessageType.ChannelClosed) {
      this.channelClosed = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
      this.timeline.push('channel_closed');
    } else if (frame.messageType === MessageType.PausePublication || frame.messageType === MessageType.StartPublication) {
      this.timeline.push(frame.messageType);
    } else if (frame.messageType === MessageType.OutputStreamData) {
      this.timeline.push(`data:${frame.sequenceNumber}:${frame.payloadType}`);
      this.onStreamData(frame);
    }
    this.notify();
  }

  private onStreamData(frame: Frame): void {
    this.arrivals.push(frame);
    this.arrivalTimes.push(Date.now());
    if (!this.shouldAck(frame)) return;
    this.socket.send(encodeAck(frame), { binary: true });
    if (frame.sequenceNumber < this.expected) return;
    this.early.set(frame.sequenceNumber, frame);
    for (let next = this.early.get(this.expected); next; next = this.early.get(this.expected)) {
      this.early.delete(this.expected++);
      this.delivered.push(next);
    }
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
