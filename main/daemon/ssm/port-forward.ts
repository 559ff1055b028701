// A local TCP port forwarded to a port on (or reachable from) the instance. The listener is bound
// on loopback before StartSession, so a taken port fails fast; connections accepted before the
// handshake finishes wait (paused) until the agent's Properties decide the mode (§8.2).
import { EventEmitter } from 'node:events';
import type { Server, Socket } from 'node:net';
import { openSession } from './open-session';
import type { SessionTarget } from './open-session';
import type { ChannelClosed, ChannelState, DataChannel, SessionReady } from './data-channel';
import { FlagValue } from './frame';
import { listenLocal } from './local-listener';
import { SmuxForwarder } from './smux-forwarder';
import { BasicForwarder } from './basic-forwarder';
import type { ConnectionEvents, Forwarder, ForwarderLink } from './forwarder';
import { AgentThresholds, isVersionGreater } from './version';

export const PORT_DOCUMENT = 'AWS-StartPortForwardingSession';
export const REMOTE_HOST_PORT_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';
const READY_TIMEOUT_MS = 30_000;

export interface PortForwardOptions extends SessionTarget {
  remotePort: number;
  /** A host reachable from the instance; omitted means the instance itself. */
  remoteHost?: string;
  /** 0 or omitted: a free port. */
  localPort?: number;
  /** Loopback only by default; the forward is for this machine. */
  localHost?: string;
}

export interface PortForwardEvents {
  state: [state: ChannelState];
  connection: [id: number];
  connectionClosed: [id: number, error?: string];
  closed: [info: ChannelClosed];
  log: [message: string];
}

export class PortForward extends EventEmitter<PortForwardEvents> {
  private forwarder: Forwarder | null = null;
  private readonly early: Socket[] = [];
  private totalConnections = 0;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly channel: DataChannel,
    private readonly server: Server,
    readonly localPort: number,
    private readonly logger?: (message: string) => void,
  ) {
    super();
    channel.on('state', (state) => this.emit('state', state));
    channel.on('output', (data) => this.forwarder?.onOutput(data));
    // Agent data waiting in local sockets: above the high-water mark the channel stops reading.
    channel.setReceiveBacklog(() => this.forwarder?.pendingBytes ?? 0);
    channel.on('flag', (flag) => this.forwarder?.onFlag(flag));
    channel.on('drain', () => this.forwarder?.onDrain());
    channel.on('closed', (info) => {
      this.shutDownLocal();
      this.emit('closed', info);
    });
    channel.on('ready', (info) => this.begin(info));
    if (channel.ready) this.begin(channel.ready);
  }

  get sessionId(): string {
    return this.channel.sessionId;
  }

  get state(): ChannelState {
    return this.channel.state;
  }

  get mode(): 'mux' | 'basic' | null {
    return this.forwarder?.mode ?? null;
  }

  /** Local connections open now. */
  get connections(): number {
    return (this.forwarder?.active ?? 0) + this.early.length;
  }

  get connectionsTotal(): number {
    return this.totalConnections;
  }

  get bytesIn(): number {
    return this.channel.bytesIn;
  }

  get bytesOut(): number {
    return this.channel.bytesOut;
  }

  /**
   * Agent data held on this side: `pendingBytes` in local sockets not yet read by their clients,
   * `reorderBytes` out of order in the channel. Above `receiveFlow.highWater` (default 8 MiB) of
   * pending bytes the WebSocket is not read (`readingPaused`); `pauses` counts how often.
   */
  get receiveState(): { pendingBytes: number; reorderBytes: number; readingPaused: boolean; pauses: number } {
    return { pendingBytes: this.forwarder?.pendingBytes ?? 0, ...this.channel.receiveState };
  }

  get closedInfo(): ChannelClosed | null {
    return this.channel.closedInfo;
  }

  /** Waits for the handshake: the mode is known and connections flow. */
  whenReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    if (this.forwarder) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('the agent did not complete the port session handshake in time')), timeoutMs);
      const ok = () => { cleanup(); resolve(); };
      const fail = (error: Error) => { cleanup(); reject(error); };
      const onClosed = (info: ChannelClosed) => fail(new Error(`session ended before it was ready: ${info.reason}`));
      const cleanup = () => {
        clearTimeout(timer);
        this.channel.off('ready', ok);
        this.channel.off('closed', onClosed);
      };
      this.channel.once('ready', ok);
      this.channel.once('closed', onClosed);
    });
  }

  /** Ends the forward: TerminateSession flag to the agent, then the API; local connections closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.channel.closedInfo) return this.shutDownLocal();
      const reason = 'Port forward closed by the user.';
      this.channel.markEnding(reason);
      const agentVersion = this.channel.ready?.agentVersion ?? '';
      if (this.mode === 'mux' || isVersionGreater(agentVersion, AgentThresholds.terminateFlag)) {
        this.channel.sendFlag(FlagValue.TerminateSession);
        await this.channel.flush(1000);
      }
      this.shutDownLocal();
      await this.channel.terminate(reason);
    })();
    return this.closing;
  }

  /** Internal: a local connection arrived (listenLocal's server has already set TCP_NODELAY on it). */
  accept(socket: Socket): void {
    if (this.channel.closedInfo) {
      socket.destroy();
      return;
    }
    this.totalConnections++;
    socket.on('error', () => {}); // a reset while waiting is a close; the forwarder reports real errors
    if (this.forwarder) {
      this.forwarder.accept(socket);
      return;
    }
    socket.pause();
    this.early.push(socket);
    socket.once('close', () => {
      const at = this.early.indexOf(socket);
      if (at >= 0) this.early.splice(at, 1);
    });
  }

  private begin(info: SessionReady): void {
    if (this.forwarder) return;
    const link: ForwarderLink = {
      sendOutput: (data) => this.channel.sendOutput(data),
      sendFlag: (flag) => this.channel.sendFlag(flag),
      consumerDrained: () => this.channel.consumerDrained(),
      log: (message) => this.log(message),
    };
    const events: ConnectionEvents = {
      opened: (id) => this.emit('connection', id),
      closed: (id, error) => {
        if (error) this.log(`connection ${id} closed: ${error}`);
        this.emit('connectionClosed', id, error);
      },
    };
    const localForwarding = info.properties?.['type'] === 'LocalPortForwarding';
    this.forwarder = localForwarding && isVersionGreater(info.agentVersion, AgentThresholds.mux)
      ? new SmuxForwarder(link, events, { keepalive: !isVersionGreater(info.agentVersion, AgentThresholds.smuxKeepaliveDisabled) })
      : new BasicForwarder(link, events);
    this.log(`port session ready: ${this.forwarder.mode} mode, agent ${info.agentVersion || 'unknown'}`);
    for (const socket of this.early.splice(0)) {
      socket.resume();
      this.forwarder.accept(socket);
    }
  }

  private shutDownLocal(): void {
    this.server.close();
    this.forwarder?.stop();
    for (const socket of this.early.splice(0)) socket.destroy();
  }

  private log(message: string): void {
    this.logger?.(`[${this.sessionId}] ${message}`);
    this.emit('log', message);
  }
}

/** Binds the local port, starts the port session and waits for its handshake. */
export async function startPortForward(options: PortForwardOptions): Promise<PortForward> {
  if (!Number.isInteger(options.remotePort) || options.remotePort < 1 || options.remotePort > 65535) {
    throw new RangeError(`invalid remote port ${options.remotePort}`);
  }
  const host = options.localHost ?? '127.0.0.1';
  let forward: PortForward | null = null;
  const pending: Socket[] = [];
  const server = await listenLocal(host, options.localPort ?? 0, (socket) => {
    if (forward) return forward.accept(socket);
    socket.on('error', () => {}); // reset before the session exists: just a closed connection
    pending.push(socket);
  });
  const address = server.address();
  const localPort = typeof address === 'object' && address ? address.port : 0;
  let channel: DataChannel;
  try {
    channel = await openSession(options, {
      documentName: options.remoteHost ? REMOTE_HOST_PORT_DOCUMENT : PORT_DOCUMENT,
      parameters: {
        portNumber: [String(options.remotePort)],
        localPortNumber: [String(localPort)],
        ...(options.remoteHost ? { host: [options.remoteHost] } : {}),
      },
    });
  } catch (error) {
    server.close();
    for (const socket of pending) socket.destroy();
    throw error;
  }
  forward = new PortForward(channel, server, localPort, options.log);
  for (const socket of pending) forward.accept(socket);
  try {
    await forward.whenReady();
  } catch (error) {
    await forward.close();
    throw error;
  }
  return forward;
}
