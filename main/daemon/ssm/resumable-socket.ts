// The data channel's transport: one WebSocket at a time to the session's StreamUrl, replaced after
// every drop by ResumeSession + a new socket with the new token and the same ClientId
// (docs/reference/ssm-data-channel.md §11). The new socket goes to the StreamUrl ResumeSession
// returned when it returned one: the service may move a session to another cell and refuse the
// old URL (AWS's plugin ignored it until 1.2.835.0, §17). Every URL is checked (stream-url.ts) and
// every upgrade SigV4-signed with the credentials of the moment (upgrade-signer.ts). One SSM client
// for the session's whole life: its credential provider is the one source of credentials, read
// at every call, and asked to refresh (the SDK's forceRefresh) when ResumeSession refuses them.
// It carries bytes only; sequence state lives above it, in the reliable channel, and survives
// every replacement.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Socket } from 'node:net';
import { corkForThisTurn } from './coalesced-writes';
import { ResumeSessionCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { openDataChannelSocket } from './open-websocket';
import type { Link } from './reliable-channel';
import { withRetry } from './retry';
import { isCredentialError, isGoneError } from './session-end';
import { checkStreamUrl, describeStreamUrl, StreamUrlRejected } from './stream-url';
import { refreshCredentials, upgradeHeaders } from './upgrade-signer';

const PING_INTERVAL_MS = 5 * 60_000;
/** Sockets closed this soon after opening, with no frame, this many times in a row, end the session. */
const QUICK_DROP_MS = 2000;
const MAX_SILENT_DROPS = 5;

export interface ResumableSocketOptions {
  sessionId: string;
  streamUrl: string;
  tokenValue: string;
  clientVersion: string;
  /** Signs ResumeSession and every upgrade, with whatever its credential provider returns at that moment. */
  ssm: SSMClient;
  log: (message: string) => void;
}

export type SocketEnd = { by: 'service' | 'error'; reason: string };

export interface ResumableSocketEvents {
  /** A socket is open: write frames through this link. */
  link: [link: Link];
  /** The socket dropped; a replacement is being opened. */
  reconnecting: [];
  /** A binary message (one frame). */
  frame: [data: Buffer];
  /** No replacement could be opened; the session is over. */
  ended: [end: SocketEnd];
}

class TimedOut extends Error {}

export class ResumableSocket extends EventEmitter<ResumableSocketEvents> {
  /** Once per client instance, the same on every reconnect (§2.3). */
  readonly clientId = randomUUID();
  private socket: WebSocket | null = null;
  /** StartSession's StreamUrl, then the latest non-empty one ResumeSession returned (checked). */
  private streamUrl: URL | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private resuming = false;
  private closed = false;
  private framesOnSocket = 0;
  private openedAt = 0;
  private silentDrops = 0;
  /** Reading stopped because local consumers are behind: TCP back-pressure reaches the agent. */
  private readingPaused = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: ResumableSocketOptions) {
    super();
  }

  /** The session's one SSM client (TerminateSession uses it too). */
  get ssm(): SSMClient {
    return this.options.ssm;
  }

  /** The URL the next socket goes to (StartSession's until ResumeSession moves the session). */
  get currentStreamUrl(): string {
    return this.streamUrl?.href ?? this.options.streamUrl;
  }

  /** The first socket, retried with the same token (§11.1). A StreamUrl on a foreign host is not retried. */
  async open(): Promise<void> {
    this.streamUrl = await checkStreamUrl(this.options.streamUrl, this.ssm);
    const socket = await withRetry(() => this.connect(this.options.tokenValue), { signal: this.abort.signal, shouldRetry: () => !this.closed });
    this.adopt(socket);
  }

  /**
   * Stops reading the WebSocket (and so, through TCP, the agent's sending) until resumeReading.
   * The way AWS's plugin applies back-pressure in effect (docs/reference/ssm-data-channel.md §17):
   * frames are never refused, they are just not read yet. Carries over to a replacement socket.
   */
  pauseReading(): void {
    if (this.readingPaused) return;
    this.readingPaused = true;
    this.socket?.pause();
  }

  resumeReading(): void {
    if (!this.readingPaused) return;
    this.readingPaused = false;
    this.socket?.resume();
  }

  /** Drops the current socket (it looks half-open); a replacement follows. */
  replace(): void {
    this.socket?.terminate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    if (this.pingTimer) clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners('message');
      socket.close(1000);
      setTimeout(() => socket.terminate(), 1000).unref();
    }
  }

  private async connect(token: string): Promise<WebSocket> {
    const url = this.streamUrl!;
    return openDataChannelSocket({
      streamUrl: url.href,
      // Signed anew for every socket, with the credentials the provider holds now (renewed ones included).
      headers: await upgradeHeaders(url, this.ssm),
      tokenValue: token,
      clientId: this.clientId,
      clientVersion: this.options.clientVersion,
      signal: this.abort.signal,
    });
  }

  private adopt(socket: WebSocket): void {
    if (this.closed) {
      socket.terminate();
      return;
    }
    this.socket = socket;
    if (this.readingPaused) socket.pause();
    this.framesOnSocket = 0;
    this.openedAt = Date.now();
    socket.on('message', (data, isBinary) => {
      if (!isBinary) return;
      this.framesOnSocket++;
      this.emit('frame', data as Buffer);
    });
    socket.on('error', (error) => this.options.log(`data channel socket error: ${error.message}`));
    socket.on('close', () => this.onClosed(socket));
    this.pingTimer = setInterval(() => socket.ping('keepalive'), PING_INTERVAL_MS);
    this.pingTimer.unref();
    // ws keeps its TCP socket private; corking it batches this turn's frames (mostly acks, one
    // per frame received) into one write. Without it (a future ws), each frame is its own write.
    const tcp = (socket as unknown as { _socket?: Socket | null })._socket ?? null;
    this.emit('link', {
      write: (bytes) => {
        if (socket.readyState !== WebSocket.OPEN) return false;
        if (tcp && !tcp.destroyed) corkForThisTurn(tcp);
        socket.send(bytes);
        return true;
      },
    });
    if (socket.readyState !== WebSocket.OPEN) this.onClosed(socket); // closed before we listened
  }

  private onClosed(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.closed) return;
    // A service that accepts the socket and drops it at once, before a single frame, would
    // otherwise make us call ResumeSession in a tight loop.
    const quick = this.framesOnSocket === 0 && Date.now() - this.openedAt < QUICK_DROP_MS;
    this.silentDrops = quick ? this.silentDrops + 1 : 0;
    if (this.silentDrops > MAX_SILENT_DROPS) {
      this.emit('ended', { by: 'error', reason: `the data channel closed ${this.silentDrops} times in a row right after opening` });
      return;
    }
    void this.resume();
  }

  /** ResumeSession → new token → a new socket, with the plugin's retry policy (§11.1, §11.2). */
  private async resume(): Promise<void> {
    if (this.resuming) return;
    this.resuming = true;
    this.emit('reconnecting');
    try {
      const socket = await withRetry(async () => this.connect(await this.resumeToken()), {
        signal: this.abort.signal,
        shouldRetry: (e) => !(e instanceof TimedOut) && !(e instanceof StreamUrlRejected) && !isGoneError(e) && !this.closed,
      });
      this.resuming = false;
      this.adopt(socket);
    } catch (error) {
      this.resuming = false;
      if (this.closed) return;
      const id = this.options.sessionId;
      if (error instanceof TimedOut) this.emit('ended', { by: 'service', reason: `Session ${id} timed out.` });
      else if (isGoneError(error)) this.emit('ended', { by: 'service', reason: `Session ${id} no longer exists (ended elsewhere or expired).` });
      else this.emit('ended', { by: 'error', reason: `could not resume the session: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private async resumeToken(): Promise<string> {
    const resume = () => this.ssm.send(new ResumeSessionCommand({ SessionId: this.options.sessionId }));
    let out;
    try {
      out = await resume();
    } catch (error) {
      if (!isCredentialError(error)) throw error;
      this.options.log('ResumeSession refused the credentials; asking for fresh ones');
      await refreshCredentials(this.ssm);
      out = await resume();
    }
    if (!out.TokenValue) throw new TimedOut(); // the plugin's "Session: <id> timed out."
    // The latest non-empty StreamUrl wins, for this connect and every later one: the old one may
    // point to a cell that no longer serves the session (§17, plugin 1.2.835.0).
    if (out.StreamUrl) {
      const moved = await checkStreamUrl(out.StreamUrl, this.ssm);
      if (moved.href !== this.streamUrl?.href) this.options.log(`ResumeSession moved the data channel (now ${describeStreamUrl(moved)})`);
      this.streamUrl = moved;
    }
    return out.TokenValue;
  }
}
