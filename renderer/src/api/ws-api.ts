// The web-mode transport: the daemon's local API over a WebSocket on 127.0.0.1. The bearer token
// travels as a subprotocol (browsers cannot set Authorization on a WebSocket); requests and
// responses follow the contract's wire envelope, and everything received is schema-checked.
import {
  API_PROTOCOL,
  BEARER_PROTOCOL_PREFIX,
  ApiError,
  type ConnectApi,
  type EventName,
  type EventPayload,
  type MethodName,
} from '../../../preload/contract';
import { ConnectError } from './errors';
import { Listeners } from './listeners';
import { checkEvent, checkInput, checkOutput, isEventName, methodNames } from './validate';

export type LinkState = 'connecting' | 'open' | 'lost';

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: ConnectError) => void;
}

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
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new Listeners();
  private readonly stateListeners = new Set<(state: LinkState) => void>();
  private state: LinkState = 'connecting';
  private waiters: Array<() => void> = [];
  private retryMs = 250;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    const api: Record<string, unknown> = {};
    for (const method of methodNames) api[method] = (input: unknown) => this.call(method, input);
    api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => this.events.on(event, listener);
    this.api = api as ConnectApi;
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
    socket.onopen = () => {
      this.retryMs = 250;
      this.setState('open');
      for (const wake of this.waiters.splice(0)) wake();
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => {
      this.socket = null;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(unreachable());
      }
      if (this.closed) return;
      this.setState('lost');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    };
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

  private async call(method: MethodName, input: unknown): Promise<unknown> {
    const checked = checkInput(method, input);
    const socket = await this.whenOpen();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      socket.send(JSON.stringify({ id, method, input: checked }));
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    if (typeof record.id === 'number') {
      const pending = this.pending.get(record.id);
      if (!pending) return;
      this.pending.delete(record.id);
      if (record.ok === true) {
        try {
          pending.resolve(checkOutput(pending.method, record.value));
        } catch (error) {
          pending.reject(error as ConnectError);
        }
      } else {
        const error = ApiError.safeParse(record.error);
        pending.reject(new ConnectError(error.success ? error.data : { code: 'Internal', message: 'The daemon sent an unreadable error.' }));
      }
      return;
    }
    if (typeof record.event === 'string' && isEventName(record.event)) {
      const payload = checkEvent(record.event, record.payload);
      if (payload) this.events.emit(record.event, payload);
    }
  }
}
