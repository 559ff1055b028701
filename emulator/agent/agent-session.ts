// One hosted session: its data channel (which outlives WebSockets), the handshake when the
// session needs one, the plugin it runs, and how it ends (channel_closed, as the service sends it).
import type { RawData, WebSocket } from 'ws';
import { FlagValue, MessageType, PayloadType, type Frame } from '../../main/daemon/ssm/frame';
import type { AgentSessionSpec, SessionStatus } from './agent-api';
import { AGENT_ENCRYPTED_TYPES, type AgentCipher } from './agent-cipher';
import { channelClosedPayload, IDLE_TIMEOUT_MESSAGE } from './channel-closed';
import { AgentDataChannel, type ChannelStats } from './data-channel';
import { ArmedFaults, type AgentFaults } from './faults';
import { AgentHandshake } from './handshake';
import type { Disposition } from './incoming-stream';
import type { SmuxKeepAlive } from './port-mux';
import { planSession, type SessionPlan } from './session-document';
import type { PluginContext, SessionPlugin } from './session-plugin';
import { createPlugin, type SessionMode } from './session-plugins';
import type { OpenDataChannelInput } from './stream-server';

/** The agent waits up to 2 s for its outgoing buffer to be acknowledged before it closes. */
const CLOSE_FLUSH_MS = 2_000;

export interface SessionTuning {
  pacingMs: number;
  outgoingBufferCapacity?: number;
  firstOutputDelayMs: number;
  smuxKeepAlive: SmuxKeepAlive;
  handshakeTimeoutMs?: number;
}

export interface SessionInspection {
  status: SessionStatus;
  clientVersion?: string;
  mode?: SessionMode;
  expectedSequenceNumber: number;
  unacked: number;
  /** Frames queued for pacing plus unacked ones: what back-pressure keeps bounded. */
  backlog: number;
  rtoMs: number;
  resentSequenceNumbers: number[];
  /** When each of those was resent, on the agent's clock. */
  resentAtMs: number[];
  stats: ChannelStats;
}

export class AgentSession {
  status: SessionStatus = 'Connecting';
  readonly plan: SessionPlan;
  readonly channel: AgentDataChannel;
  private socket: WebSocket | null = null;
  private clientVersion: string | undefined;
  private handshake: AgentHandshake | null = null;
  private handshakeComplete = false;
  private cipher: AgentCipher | undefined;
  private plugin: SessionPlugin | null = null;
  private mode: SessionInspection['mode'];
  private started = false;
  private ending = false;
  /** The service ended the session (TerminateSession, idle timeout) while the agent was flushing its own end. */
  private readonly serviceEnd = new AbortController();
  private ownFaults: ArmedFaults | undefined;
  private readonly timers = new Map<'idle' | 'recycle', NodeJS.Timeout>();

  constructor(
    readonly spec: AgentSessionSpec,
    private readonly tuning: SessionTuning,
    private readonly agentFaults: () => ArmedFaults | undefined,
    private readonly log: (message: string) => void,
    private readonly onEnded: (session: AgentSession) => void,
  ) {
    this.plan = planSession(spec.documentName, spec.parameters, spec.shellOutput);
    this.channel = new AgentDataChannel({
      pacingMs: tuning.pacingMs,
      ...(tuning.outgoingBufferCapacity !== undefined ? { outgoingBufferCapacity: tuning.outgoingBufferCapacity } : {}),
      faults: () => this.faults,
      onStreamData: (frame) => this.onStreamData(frame),
      log: (message) => this.log(`session ${spec.sessionId}: ${message}`),
    });
    if (spec.faults) this.setFaults(spec.faults);
    else this.armTimers();
  }

  get faults(): ArmedFaults | undefined {
    return this.ownFaults ?? this.agentFaults();
  }

  /** Per-session faults, armed now; undefined falls back to the agent-wide ones. */
  setFaults(faults: AgentFaults | undefined): void {
    this.ownFaults = faults ? new ArmedFaults(faults) : undefined;
    this.armTimers();
  }

  /** Applies the time-based knobs (idle timeout, recycle, a publication pause) after any faults change. */
  armTimers(): void {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    if (this.ending) return;
    const idleMs = this.faults?.faults.idleTimeoutMs ?? this.spec.idleTimeoutMs;
    if (idleMs !== undefined) {
      const check = () => {
        if (Date.now() - this.channel.lastStreamActivity >= idleMs) void this.end({ reason: IDLE_TIMEOUT_MESSAGE });
      };
      this.timers.set('idle', setInterval(check, Math.min(1000, Math.max(10, idleMs / 10))));
    }
    const away = this.faults;
    if (away?.faults.pausePublicationMs !== undefined && !away.pauseFired) {
      away.pauseFired = true;
      this.channel.goAway(away.faults.pausePublicationMs);
    }
    const recycleMs = this.faults?.faults.recycleEveryMs;
    if (recycleMs !== undefined) this.timers.set('recycle', setInterval(() => this.socket?.close(1000, 'Bye'), recycleMs));
  }

  /** A client opened the data channel with a valid token: this socket replaces any earlier one. */
  attach(socket: WebSocket, input: OpenDataChannelInput): void {
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
    this.clientVersion = input.ClientVersion ?? this.clientVersion;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) this.channel.receive(toBuffer(data));
    });
    socket.on('close', () => {
      this.channel.detach(socket);
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.ending) this.status = 'Disconnected';
    });
    this.channel.attach(socket);
    this.status = 'Connected';
    if (!this.started) {
      this.started = true;
      this.begin();
    }
  }

  /**
   * TerminateSession, an idle timeout, a finished shell or a failure: channel_closed, then everything
   * closes. When the agent itself ends the session (flush) it does what the real agent's shell
   * plugin does: its write pump has put every byte the program wrote on the wire (its writes block
   * while the client does not read, so this waits as long as the client takes), then it waits up
   * to 2 s for acknowledgements (PrepareToCloseChannel), then tells the service, which sends
   * channel_closed behind that output. When the service ends it (TerminateSession, idle timeout),
   * channel_closed goes at once, also cutting a flush under way short.
   */
  async end(how: { reason?: string; flush?: boolean; failed?: boolean } = {}): Promise<void> {
    if (this.ending) {
      if (!how.flush) this.serviceEnd.abort();
      return;
    }
    this.ending = true;
    this.status = 'Terminating';
    for (const timer of this.timers.values()) clearInterval(timer);
    this.handshake?.cancel();
    this.plugin?.stop();
    if (how.flush) {
      await this.channel.sendQueued(this.serviceEnd.signal);
      await this.channel.flush(CLOSE_FLUSH_MS, this.serviceEnd.signal);
    }
    this.channel.sendUnsequenced(MessageType.ChannelClosed, channelClosedPayload(this.spec, how.reason ?? ''));
    this.channel.close();
    this.socket?.close(1000, 'Channel closed');
    this.status = how.failed ? 'Failed' : 'Terminated';
    this.onEnded(this);
  }

  inspect(): SessionInspection {
    return {
      status: this.status,
      ...(this.clientVersion !== undefined ? { clientVersion: this.clientVersion } : {}),
      ...(this.mode ? { mode: this.mode } : {}),
      expectedSequenceNumber: this.channel.incoming.expected,
      unacked: this.channel.outgoing.unackedCount,
      backlog: this.channel.backlog,
      rtoMs: this.channel.outgoing.rtt.rtoMs,
      resentSequenceNumbers: [...this.channel.outgoing.resent],
      resentAtMs: [...this.channel.outgoing.resentAt],
      stats: this.channel.statsSnapshot,
    };
  }

  /**
   * Port and non-interactive command sessions always shake hands (their plugins require it); shells
   * and interactive commands only for KMS. Port sessions are never encrypted (§6.1).
   */
  private begin(): void {
    const kms = this.plan.sessionType === 'Port' ? undefined : this.spec.kms;
    const required = this.plan.sessionType === 'Port' || this.plan.sessionType === 'NonInteractiveCommands';
    if (!required && !kms) {
      this.handshakeComplete = true;
      this.startPlugin();
      return;
    }
    const handshake = new AgentHandshake({
      sessionId: this.spec.sessionId,
      target: this.spec.target,
      agentVersion: this.spec.agentVersion,
      plan: this.plan,
      ...(kms ? { kms } : {}),
      send: (type, payload) => this.channel.send(type, payload),
      ...(this.tuning.handshakeTimeoutMs !== undefined ? { timeoutMs: this.tuning.handshakeTimeoutMs } : {}),
    });
    this.handshake = handshake;
    handshake.start();
    void handshake.done.then((outcome) => {
      if (this.ending) return;
      if (!outcome.ok) {
        this.log(`session ${this.spec.sessionId}: ${outcome.reason}`);
        void this.end({ reason: outcome.reason, failed: true, flush: true });
        return;
      }
      this.clientVersion = outcome.clientVersion ?? this.clientVersion;
      this.cipher = outcome.cipher;
      this.handshakeComplete = true;
      this.startPlugin();
    });
  }

  private startPlugin(): void {
    const channel = this.channel;
    const context: PluginContext = {
      send: (type, payload) => this.send(type, payload),
      get congested() {
        return channel.congested;
      },
      whenDrained: (callback) => this.channel.whenDrained(callback),
      pauseInput: () => this.channel.pauseReading(),
      resumeInput: () => this.channel.resumeReading(),
      end: (how) => void this.end(how === 'exited' ? { flush: true } : { reason: how.failure, failed: true, flush: true }),
      log: (message) => this.log(`session ${this.spec.sessionId}: ${message}`),
    };
    try {
      const { mode, plugin } = createPlugin(this.plan, this.spec, this.clientVersion, context, this.tuning);
      this.mode = mode;
      this.plugin = plugin;
      plugin.start();
    } catch (error) {
      void this.end({ reason: `The session could not start: ${(error as Error).message}`, failed: true, flush: true });
    }
  }

  private send(payloadType: number, payload: Buffer): void {
    const sealed = this.cipher && AGENT_ENCRYPTED_TYPES.has(payloadType) ? this.cipher.seal(payload) : payload;
    this.channel.send(payloadType, sealed);
  }

  private onStreamData(frame: Frame): Disposition {
    if (!this.handshakeComplete) {
      // Before HandshakeComplete the agent acks and discards anything but the handshake's replies.
      this.handshake?.handle(frame);
      return 'processed';
    }
    const plugin = this.plugin;
    if (!plugin) return 'processed';
    switch (frame.payloadType) {
      case PayloadType.Output:
        return plugin.input(this.cipher ? this.cipher.open(frame.payload) : frame.payload);
      case PayloadType.Size: {
        const size = JSON.parse(frame.payload.toString('utf8')) as { cols?: unknown; rows?: unknown };
        if (typeof size.cols === 'number' && typeof size.rows === 'number') plugin.resize?.(size.cols, size.rows);
        return 'processed';
      }
      case PayloadType.Flag: {
        const value = frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) : -1;
        if (value === FlagValue.TerminateSession && this.plan.sessionType === 'Port') void this.end();
        else plugin.flag?.(value);
        return 'processed';
      }
      default:
        return 'processed';
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
