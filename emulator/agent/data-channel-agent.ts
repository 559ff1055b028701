// The emulator's agent side of Session Manager: hosts sessions behind one loopback WebSocket
// endpoint, hands out single-use tokens for StartSession and ResumeSession, and lets tests inject
// transport faults. Implements the SessionAgent seam the emulator's API half calls.
import type { WebSocket } from 'ws';
import { isFinished, type AgentSessionSpec, type IssuedStream, type SessionAgent, type SessionStatus } from './agent-api';
import { AgentSession, type SessionInspection, type SessionTuning } from './agent-session';
import { ArmedFaults, type AgentFaults } from './faults';
import { SMUX_DEFAULT_KEEPALIVE } from './port-mux';
import { StreamServer, type OpenDataChannelInput, type UpgradeGate } from './stream-server';
import { DEFAULT_TOKEN_TTL_MS, TokenBook } from './tokens';

export interface DataChannelAgentOptions {
  /** Gap between consecutive data frames (the agent sleeps ~1 ms); 0 turns pacing off. Default 1. */
  pacingMs?: number;
  /**
   * Unacked frames the agent keeps for resending (100,000 on AWS). Past it a new frame is sent once
   * and forgotten, so a client that refuses frames then loses them: lower it to catch that.
   */
  outgoingBufferCapacity?: number;
  /** How long a shell waits before its first output (1 s on AWS). Default 50 ms. */
  firstOutputDelayMs?: number;
  /** Time-scaled smux keepalive for old clients. Default 10 s NOPs, 30 s silence ticker. */
  smuxKeepAlive?: { intervalMs: number; timeoutMs: number };
  /** Handshake and challenge waits. Default 15 s. */
  handshakeTimeoutMs?: number;
  tokenTtlMs?: number;
  /** Agent-wide faults from the start; change them later with `agent.faults = ...`. */
  faults?: AgentFaults;
  /** Diagnostics; never given tokens or key material. */
  log?: (message: string) => void;
  /** Fixed port for the WebSocket endpoint; default an ephemeral one. */
  port?: number;
}

export class DataChannelAgent implements SessionAgent {
  private readonly sessions = new Map<string, AgentSession>();
  private readonly tokens: TokenBook;
  private readonly tuning: SessionTuning;
  private readonly log: (message: string) => void;
  private armedFaults: ArmedFaults | undefined;
  private server!: StreamServer;

  private constructor(options: DataChannelAgentOptions) {
    this.tokens = new TokenBook(options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS);
    this.log = options.log ?? (() => {});
    this.tuning = {
      pacingMs: options.pacingMs ?? 1,
      ...(options.outgoingBufferCapacity !== undefined ? { outgoingBufferCapacity: options.outgoingBufferCapacity } : {}),
      firstOutputDelayMs: options.firstOutputDelayMs ?? 50,
      smuxKeepAlive: options.smuxKeepAlive ?? SMUX_DEFAULT_KEEPALIVE,
      ...(options.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: options.handshakeTimeoutMs } : {}),
    };
    if (options.faults) this.armedFaults = new ArmedFaults(options.faults);
  }

  /** Starts the WebSocket endpoint on 127.0.0.1; sessions can be hosted once this resolves. */
  static async listen(options: DataChannelAgentOptions = {}): Promise<DataChannelAgent> {
    const agent = new DataChannelAgent(options);
    agent.server = await StreamServer.listen(
      {
        knows: (sessionId) => agent.sessions.has(sessionId),
        open: (sessionId, input, socket) => agent.open(sessionId, input, socket),
        log: agent.log,
      },
      options.port ?? 0,
    );
    return agent;
  }

  get port(): number {
    return this.server.port;
  }

  /** The emulated service's check of each upgrade (stale StreamUrls, SigV4); see ssm/stream-access.ts. */
  set upgradeGate(gate: UpgradeGate | undefined) {
    this.server.gate = gate;
  }

  /** Agent-wide faults, armed (time windows start) when assigned; sessions with their own override them. */
  get faults(): AgentFaults | undefined {
    return this.armedFaults?.faults;
  }

  set faults(faults: AgentFaults | undefined) {
    this.armedFaults = faults ? new ArmedFaults(faults) : undefined;
    for (const session of this.sessions.values()) session.armTimers();
  }

  setSessionFaults(sessionId: string, faults: AgentFaults | undefined): boolean {
    const session = this.sessions.get(sessionId);
    session?.setFaults(faults);
    return session !== undefined;
  }

  start(spec: AgentSessionSpec): IssuedStream {
    if (this.sessions.has(spec.sessionId)) throw new Error(`session ${spec.sessionId} already exists`);
    const session = new AgentSession(spec, this.tuning, () => this.armedFaults, this.log, (ended) => this.tokens.revokeSession(ended.spec.sessionId));
    this.sessions.set(spec.sessionId, session);
    return this.issue(spec.sessionId);
  }

  resume(sessionId: string): IssuedStream | null {
    const session = this.sessions.get(sessionId);
    if (!session || !acceptsClients(session.status)) return null;
    return this.issue(sessionId);
  }

  terminate(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || isFinished(session.status)) return false;
    void session.end();
    return true;
  }

  status(sessionId: string): SessionStatus | undefined {
    return this.sessions.get(sessionId)?.status;
  }

  /** Reliability state and counters of one session, for tests and diagnostics. */
  inspect(sessionId: string): SessionInspection | undefined {
    return this.sessions.get(sessionId)?.inspect();
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.end()));
    await this.server.close();
  }

  private issue(sessionId: string): IssuedStream {
    return { streamUrl: this.server.urlFor(sessionId), tokenValue: this.tokens.issue(sessionId) };
  }

  private open(sessionId: string, input: OpenDataChannelInput, socket: WebSocket): { ok: true } | { ok: false; reason: string } {
    const session = this.sessions.get(sessionId);
    if (!session || !acceptsClients(session.status)) return { ok: false, reason: 'session is not active' };
    const check = this.tokens.redeem(input.TokenValue, sessionId);
    if (!check.ok) return { ok: false, reason: `token ${check.reason}` };
    session.attach(socket, input);
    return { ok: true };
  }
}

/** A session that is ending or ended takes no new connections and issues no new tokens. */
function acceptsClients(status: SessionStatus): boolean {
  return status !== 'Terminating' && !isFinished(status);
}
