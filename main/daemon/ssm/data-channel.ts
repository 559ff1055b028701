// One Session Manager data channel, client side: the reliable channel over a resumable WebSocket,
// the handshake, KMS encryption and the end of the session.
// Shell and port sessions build on it; they see only plaintext payloads and a `ready` event.
// Protocol: docs/reference/ssm-data-channel.md (§2 connect, §5 reliability, §6–7 handshake/KMS, §9 close, §11 resume).
import { EventEmitter } from 'node:events';
import { TerminateSessionCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { KMSClient } from '@aws-sdk/client-kms';
import { decodeFrame, flagPayload, frameProblem, MessageType, parseAck, PayloadType } from './frame';
import type { Frame } from './frame';
import { ReliableChannel } from './reliable-channel';
import type { ReliableChannelOptions } from './reliable-channel';
import { ResumableSocket } from './resumable-socket';
import { ReadFlow } from '../util/read-flow';
import type { ReadFlowOptions } from '../util/read-flow';
import { decryptPayload, encryptPayload } from './session-cipher';
import type { SessionKeys } from './session-cipher';
import { parseHandshakeComplete } from './handshake';
import { answerHandshakeRequest } from './client-handshake';
import { answerEncryptionChallenge } from './kms-keys';
import { channelClosedReason, parseExitCode } from './session-end';
import { CLIENT_VERSION } from './version';

/** Bytes of stream data per frame, as the plugin and the agent read them (§5.4). */
export const MAX_DATA_PAYLOAD = 1024;

export type ChannelState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface SessionStart {
  sessionId: string;
  streamUrl: string;
  tokenValue: string;
}

export interface DataChannelOptions extends SessionStart {
  /**
   * Signs ResumeSession, TerminateSession and every WebSocket upgrade for the session's whole life.
   * Its credential provider is read at each call: give it one that returns the current credentials
   * (and renews them on `forceRefresh`) for a session that outlives one credential lifetime.
   */
  ssm: SSMClient;
  /** The StartSession Target (KMS encryption context). */
  target: string;
  /** Needed only if the agent asks for KMS encryption. */
  kms?: KMSClient;
  clientVersion?: string;
  reliability?: ReliableChannelOptions;
  /** How much agent data may wait for slow local consumers before the socket is no longer read. */
  receiveFlow?: ReadFlowOptions;
  /**
   * Shells: with neither a handshake nor any output this long after opening, treat the session as
   * one without handshake, so a program that prints nothing until it reads input gets its input.
   */
  assumePlainAfterMs?: number;
  log?: (message: string) => void;
}

export interface SessionReady {
  /** Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port. */
  sessionType: string;
  properties: Record<string, unknown> | null;
  /** Empty when there was no handshake (a plain shell). */
  agentVersion: string;
  handshake: boolean;
  encrypted: boolean;
}

export interface ChannelClosed {
  /** 'service': channel_closed arrived (shell exited, idle timeout, terminated elsewhere). */
  by: 'service' | 'user' | 'error';
  reason: string;
}

export interface DataChannelEvents {
  state: [state: ChannelState];
  /** The session type is known and session data may flow (after HandshakeComplete or the first output). */
  ready: [info: SessionReady];
  /** Decrypted Output, StdErr or ExitCode payloads, and Flag values from the agent. */
  output: [data: Buffer];
  stderr: [data: Buffer];
  exitCode: [code: number];
  flag: [flag: number];
  /** HandshakeComplete's CustomerMessage, when not empty. */
  notice: [message: string];
  /** The outgoing queue has room again after a send returned false. */
  drain: [];
  closed: [info: ChannelClosed];
}

/** What `ready` reports when no HandshakeRequest named the session type: a plain shell. */
const PLAIN_SESSION: SessionReady = { sessionType: 'Standard_Stream', properties: null, agentVersion: '', handshake: false, encrypted: false };

export class DataChannel extends EventEmitter<DataChannelEvents> {
  readonly sessionId: string;
  private readonly options: DataChannelOptions;
  private readonly channel: ReliableChannel;
  private readonly socket: ResumableSocket;
  private readonly flow: ReadFlow;
  private keys: SessionKeys | null = null;
  private readyInfo: SessionReady | null = null;
  /** Session data offered before ready: the agent would ack and discard it (§6.5). */
  private held: { payloadType: number; payload: Buffer }[] = [];
  private heldBytes = 0;
  /** Deliveries wait here while an asynchronous handshake step (KMS) runs, to keep them in order. */
  private backlog: Frame[] | null = null;
  private handshakeSeen = false;
  /** What the HandshakeRequest said, announced as `ready` at HandshakeComplete. */
  private pendingReady: SessionReady | null = null;
  /** An action we could not perform: the agent will cancel the session, and this is why. */
  private handshakeFailure: string | null = null;
  private stateValue: ChannelState = 'connecting';
  private closeInfo: ChannelClosed | null = null;
  /** Set once the user ends the session: the channel_closed that follows is our own doing. */
  private endingReason: string | null = null;
  private terminateCalled = false;
  private received = 0;
  private sent = 0;
  private plainTimer: NodeJS.Timeout | null = null;

  constructor(options: DataChannelOptions) {
    super();
    this.options = options;
    this.sessionId = options.sessionId;
    this.channel = new ReliableChannel(options.reliability);
    this.channel.on('deliver', (frame) => this.deliver(frame));
    this.channel.on('drain', () => this.emit('drain'));
    this.channel.on('timeout', () => this.fail('the agent stopped acknowledging data for 5 minutes'));
    this.socket = new ResumableSocket({
      sessionId: options.sessionId,
      streamUrl: options.streamUrl,
      tokenValue: options.tokenValue,
      clientVersion: options.clientVersion ?? CLIENT_VERSION,
      ssm: options.ssm,
      log: (message) => this.log(message),
    });
    this.flow = new ReadFlow(this.socket, options.receiveFlow);
    this.socket.on('link', (link) => {
      this.channel.attach(link);
      this.setState('connected');
    });
    this.socket.on('reconnecting', () => {
      this.channel.detach();
      this.setState('reconnecting');
    });
    this.socket.on('frame', (data) => this.onFrame(data));
    this.socket.on('ended', (end) => this.finish(end));
    // A socket that looks open but carries nothing (a half-open TCP connection after a network
    // change) is replaced: ResumeSession and a new WebSocket, all sequence state kept.
    this.channel.on('stalled', () => {
      this.log('no acknowledgement for 30 s: replacing the WebSocket');
      this.socket.replace();
    });
  }

  /** Once per client instance, the same on every reconnect. */
  get clientId(): string {
    return this.socket.clientId;
  }

  get state(): ChannelState {
    return this.stateValue;
  }

  get ready(): SessionReady | null {
    return this.readyInfo;
  }

  get closedInfo(): ChannelClosed | null {
    return this.closeInfo;
  }

  /** Plaintext stream bytes delivered from the agent (Output, StdErr, ExitCode). */
  get bytesIn(): number {
    return this.received;
  }

  /** Plaintext Output bytes accepted for the agent. */
  get bytesOut(): number {
    return this.sent;
  }

  /** Frames queued and not yet acknowledged by the agent. */
  get unacked(): number {
    return this.channel.queued;
  }

  /**
   * The session's consumer reports here how many delivered bytes it has not yet handed on (local
   * sockets' writableLength, a terminal's unacknowledged output), and calls consumerDrained() when
   * that falls. Above the high-water mark the WebSocket is not read until it is down to the
   * low-water mark (util/read-flow.ts): nothing is refused, TCP slows the agent down.
   */
  setReceiveBacklog(backlog: () => number): void {
    this.flow.measure(backlog);
  }

  /** The consumer took bytes (a socket drained, a terminal caught up, a connection closed). */
  consumerDrained(): void {
    this.flow.consumerDrained();
  }

  /** Receive-side state for diagnostics and tests. */
  get receiveState(): { reorderBytes: number; readingPaused: boolean; pauses: number } {
    return { reorderBytes: this.channel.reorderBytes, readingPaused: this.flow.isPaused, pauses: this.flow.pauses };
  }

  /** Opens the WebSocket, retrying with the same token (§11.1). */
  async open(): Promise<void> {
    await this.socket.open();
    const grace = this.options.assumePlainAfterMs;
    if (grace !== undefined) {
      this.plainTimer = setTimeout(() => {
        if (this.readyInfo || this.handshakeSeen || this.closeInfo) return;
        this.log(`no handshake and no output after ${grace} ms: a session without handshake`);
        this.markReady(PLAIN_SESSION);
      }, grace);
      this.plainTimer.unref();
    }
  }

  /** Stream bytes (PayloadType 1), split into frames and encrypted when KMS is on. */
  sendOutput(data: Buffer): boolean {
    let ok = true;
    for (let offset = 0; offset < data.length; offset += MAX_DATA_PAYLOAD) {
      const chunk = data.subarray(offset, offset + MAX_DATA_PAYLOAD);
      this.sent += chunk.length;
      ok = this.sendSessionData(PayloadType.Output, chunk);
    }
    return ok;
  }

  sendSize(cols: number, rows: number): boolean {
    return this.sendSessionData(PayloadType.Size, Buffer.from(JSON.stringify({ cols, rows })));
  }

  sendFlag(flag: number): boolean {
    return this.sendSessionData(PayloadType.Flag, flagPayload(flag));
  }

  /** Resolves once the agent has acknowledged everything we sent, or after timeoutMs. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.channel.allAcked || this.held.length > 0) {
      if (Date.now() >= deadline || this.closeInfo) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  /** Ends the session for good: the TerminateSession API, then the socket. */
  async terminate(reason = 'Session terminated by the user.'): Promise<void> {
    // Called even after the agent closed the channel in answer to our TerminateSession flag: the
    // API call is what ends the session for the service.
    this.markEnding(reason);
    if (this.terminateCalled) return;
    this.terminateCalled = true;
    try {
      await this.socket.ssm.send(new TerminateSessionCommand({ SessionId: this.sessionId }));
    } catch (error) {
      this.log(`TerminateSession failed: ${errorText(error)}`);
    }
    this.finish({ by: 'user', reason: this.endingReason ?? reason });
  }

  /** The user is ending the session (e.g. a TerminateSession flag is on its way): the channel_closed that follows is expected. */
  markEnding(reason: string): void {
    this.endingReason ??= reason;
  }

  /** Closes the socket without ending the session on the service side (it then times out). */
  close(reason = 'Closed.'): void {
    this.finish({ by: 'user', reason });
  }

  private sendSessionData(payloadType: number, payload: Buffer): boolean {
    if (this.closeInfo) return false;
    if (!this.readyInfo) {
      this.held.push({ payloadType, payload });
      this.heldBytes += payload.length;
      return this.heldBytes < 256 * 1024;
    }
    return this.channel.send(payloadType, this.seal(payloadType, payload));
  }

  /** Client → agent encryption covers Output only (§7.4). */
  private seal(payloadType: number, payload: Buffer): Buffer {
    return payloadType === PayloadType.Output && this.keys ? encryptPayload(this.keys.encrypt, payload) : payload;
  }

  private onFrame(data: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      this.log(`dropped an unreadable frame: ${errorText(error)}`);
      return;
    }
    const problem = frameProblem(frame);
    if (problem) {
      this.log(`dropped a ${frame.messageType || 'typeless'} frame: ${problem}`);
      return;
    }
    switch (frame.messageType) {
      case MessageType.OutputStreamData:
        this.channel.receive(frame);
        break;
      case MessageType.Acknowledge:
        try {
          this.channel.receiveAck(parseAck(frame));
        } catch (error) {
          this.log(`dropped a malformed acknowledge: ${errorText(error)}`);
        }
        break;
      case MessageType.ChannelClosed:
        this.finish(this.endingReason !== null
          ? { by: 'user', reason: this.endingReason }
          : { by: 'service', reason: channelClosedReason(frame.payload, this.sessionId) });
        break;
      case MessageType.PausePublication:
        this.channel.pause();
        break;
      case MessageType.StartPublication:
        this.channel.resume();
        break;
      default:
        break; // agent_session_state and anything newer: not for clients
    }
  }

  private deliver(frame: Frame): void {
    if (this.backlog) {
      this.backlog.push(frame);
      return;
    }
    try {
      const pending = this.handle(frame);
      if (pending) {
        this.backlog = [];
        pending.then(
          () => this.releaseBacklog(),
          (error: unknown) => this.fail(`handshake failed: ${errorText(error)}`),
        );
      }
    } catch (error) {
      this.fail(`cannot process agent data: ${errorText(error)}`);
    }
  }

  private releaseBacklog(): void {
    const frames = this.backlog ?? [];
    this.backlog = null;
    // If one of these starts another asynchronous step, deliver() queues the rest behind it.
    for (const frame of frames) this.deliver(frame);
  }

  /** Handles one in-order frame; returns a promise when the step is asynchronous. */
  private handle(frame: Frame): Promise<void> | void {
    switch (frame.payloadType) {
      case PayloadType.HandshakeRequest:
        return this.answerHandshake(frame.payload);
      case PayloadType.EncChallengeRequest:
        if (!this.keys) throw new Error('encryption challenge before a key was agreed');
        this.channel.send(PayloadType.EncChallengeResponse, answerEncryptionChallenge(this.keys, frame.payload));
        return;
      case PayloadType.HandshakeComplete: {
        const complete = parseHandshakeComplete(frame.payload);
        if (complete.customerMessage) this.emit('notice', complete.customerMessage);
        this.markReady({ ...PLAIN_SESSION, handshake: true });
        return;
      }
      case PayloadType.Output:
      case PayloadType.StdErr:
      case PayloadType.ExitCode: {
        // No handshake and data already: a plain shell (§6.6).
        if (!this.readyInfo && !this.handshakeSeen) this.markReady(PLAIN_SESSION);
        const data = this.keys ? decryptPayload(this.keys.decrypt, frame.payload) : frame.payload;
        this.received += data.length;
        if (frame.payloadType === PayloadType.Output) this.emit('output', data);
        else if (frame.payloadType === PayloadType.StdErr) this.emit('stderr', data);
        else this.emit('exitCode', parseExitCode(data));
        this.flow.delivered();
        return;
      }
      case PayloadType.Flag:
        if (frame.payload.length >= 4) this.emit('flag', frame.payload.readUInt32BE(0));
        return;
      default:
        return;
    }
  }

  private async answerHandshake(payload: Buffer): Promise<void> {
    this.handshakeSeen = true;
    const answer = await answerHandshakeRequest(payload, {
      binding: { sessionId: this.sessionId, target: this.options.target },
      ...(this.options.kms ? { kms: this.options.kms } : {}),
      clientVersion: this.options.clientVersion ?? CLIENT_VERSION,
      log: (message) => this.log(message),
    });
    this.keys = answer.keys;
    this.handshakeFailure = answer.failure;
    // Remembered now, announced at HandshakeComplete: nothing but handshake replies goes out before.
    this.pendingReady = {
      sessionType: answer.sessionType,
      properties: answer.properties,
      agentVersion: answer.agentVersion,
      handshake: true,
      encrypted: answer.keys !== null,
    };
    this.channel.send(PayloadType.HandshakeResponse, answer.response);
  }

  private markReady(fallback: SessionReady): void {
    if (this.readyInfo) return;
    this.readyInfo = { ...(this.pendingReady ?? fallback), encrypted: this.keys !== null };
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    this.emit('ready', this.readyInfo);
    for (const item of held) this.channel.send(item.payloadType, this.seal(item.payloadType, item.payload));
    if (held.length > 0) this.emit('drain');
  }

  private fail(reason: string): void {
    this.finish({ by: 'error', reason });
  }

  private finish(info: ChannelClosed): void {
    if (this.closeInfo) return;
    if (info.by === 'service' && !this.readyInfo && this.handshakeFailure) info = { by: 'error', reason: `handshake failed: ${this.handshakeFailure}` };
    this.closeInfo = info;
    if (this.plainTimer) clearTimeout(this.plainTimer);
    this.channel.close();
    this.socket.close();
    this.keys = null;
    this.setState('closed');
    this.emit('closed', info);
  }

  private setState(state: ChannelState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.emit('state', state);
  }

  private log(message: string): void {
    this.options.log?.(`[${this.sessionId}] ${message}`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
