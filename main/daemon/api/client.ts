// A client of the local API for the CLI and tests (the browser uses its own, with the bearer
// subprotocol). connectToDaemon() finds the daemon through its runtime file; null when none runs.
import WebSocket from 'ws';
import { API_PROTOCOL, type ApiError, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput, type WireEvent, type WireResponse } from '../../../preload/contract';
import { apiRuntimeFile, runtimeDir } from '../paths';
import { readRuntimeFile } from './runtime-file';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

type Listener = (payload: unknown) => void;

export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(String(data)));
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('The daemon closed the connection.'));
      this.pending.clear();
    });
  }

  static async connect(url: string, token: string): Promise<DaemonClient> {
    const ws = new WebSocket(url, [API_PROTOCOL], { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`The daemon refused the connection (HTTP ${res.statusCode}).`)));
    });
    return new DaemonClient(ws);
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, input }));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  close(): void {
    this.ws.close();
  }

  private receive(text: string): void {
    let message: WireResponse | WireEvent;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if ('event' in message) {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new ApiCallError(message.error));
  }
}

/** Connects to the running daemon, or returns null when there is none (or it died). */
export async function connectToDaemon(dir: string = runtimeDir()): Promise<DaemonClient | null> {
  const info = await readRuntimeFile(apiRuntimeFile(dir));
  if (!info) return null;
  try {
    return await DaemonClient.connect(`ws://127.0.0.1:${info.port}`, info.token);
  } catch {
    return null;
  }
}
