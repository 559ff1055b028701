// The web-mode transport: the daemon's local API over a WebSocket on 127.0.0.1. The bearer token
// travels as a subprotocol (browsers cannot set Authorization on a WebSocket). This file keeps the
// socket open (reconnecting, waiting for it on a call); the contract's WireLink speaks the wire
// envelope and its createClient checks everything that leaves and arrives.
import { API_PROTOCOL, BEARER_PROTOCOL_PREFIX, ConnectError, WireLink, createClient, type ConnectApi, type MethodName, type Wire } from '../../../preload/contract';

/**
 * 'lost': the daemon does not answer (retrying). 'unauthorized': the server on this page's address
 * answers but refuses this tab's token — the daemon was restarted with a new one (retrying still,
 * in case it was a blip; the page tells the user to open the new link).
 */
export type LinkState = 'connecting' | 'open' | 'lost' | 'unauthorized';

const unreachable = () =>
  new ConnectError({
    code: 'Unreachable',
    message: 'Lost the connection to the GameLift Connect daemon.',
    hint: 'Check that `gamelift-connect web` is still running; if it was restarted, open the new link it printed.',
  });

/** How long a call waits for the link to (re)open before it fails. */
const OPEN_WAIT_MS = 8_000;

export class WsLink {
  readonly api: ConnectApi;
  private socket: WebSocket | null = null;
  private readonly link = new WireLink();
  private readonly stateListeners = new Set<(state: LinkState) => void>();
  private state: LinkState = 'connecting';
  private waiters: Array<() => void> = [];
  private retryMs = 250;
  private closed = false;
  /** Handshakes refused in a row while the page's own server answered. */
  private refusals = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.api = createClient((method, input) => this.send(method, input), this.link.subscribe);
    this.connect();
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    const socket = new WebSocket(this.url, [API_PROTOCOL, BEARER_PROTOCOL_PREFIX + this.token]);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.retryMs = 250;
      this.refusals = 0;
      this.setState('open');
      for (const wake of this.waiters.splice(0)) wake();
    };
    socket.onmessage = (message) => this.link.receive(message.data);
    socket.onclose = () => {
      this.socket = null;
      this.link.failAll(unreachable());
      if (this.closed) return;
      if (opened || this.state !== 'unauthorized') this.setState('lost');
      // A handshake that failed while the server that served this page still answers: the daemon
      // is there but refuses this token (a browser cannot see the 401 itself).
      if (!opened) void this.serverAnswers().then((up) => {
        if (this.closed || this.state === 'open') return;
        this.refusals = up ? this.refusals + 1 : 0;
        if (this.refusals >= 2) this.setState('unauthorized');
        else if (!up) this.setState('lost');
      });
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    };
  }

  /** Whether the page's own origin (the daemon's web server) answers HTTP at all. */
  private async serverAnswers(): Promise<boolean> {
    try {
      const origin = new URL(this.url.replace(/^ws/, 'http')).origin;
      // The favicon: the smallest thing the page's server answers (204), read to its end.
      const response = await fetch(`${origin}/favicon.ico`);
      await response.arrayBuffer();
      return response.status < 500;
    } catch {
      return false;
    }
  }

  private async whenOpen(): Promise<WebSocket> {
    const deadline = Date.now() + OPEN_WAIT_MS;
    while (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw unreachable();
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
    return this.socket;
  }

  private async send(method: MethodName, input: unknown): Promise<Wire<unknown>> {
    const socket = await this.whenOpen();
    return this.link.request(method, input, (frame) => socket.send(frame));
  }
}
