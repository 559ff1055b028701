// The Node client of the local API, for the CLI, web mode and tests: the contract's createClient
// over a `ws` WebSocket (the browser's client is the same createClient over the browser's
// WebSocket, renderer/src/api/ws-api.ts). connectToDaemon() finds the daemon through its runtime
// file; null when none runs.
import WebSocket from 'ws';
import {
  API_PROTOCOL,
  ConnectError,
  WireLink,
  createClient,
  type ConnectClient,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../preload/contract';
import { apiRuntimeFile, runtimeDir } from '../paths';
import { readRuntimeFile } from './runtime-file';

export class DaemonClient {
  /** The typed API: every input checked before it leaves, every answer and event when it arrives. */
  readonly api: ConnectClient;
  /** Settles when the connection is gone (the daemon stopped, or close() was called). */
  readonly closed: Promise<void>;

  constructor(private readonly ws: WebSocket) {
    const link = new WireLink();
    const closed = () => new ConnectError({ code: 'Unreachable', message: 'The daemon closed the connection.' });
    ws.on('message', (data) => link.receive(String(data)));
    this.closed = new Promise((resolve) => {
      ws.on('close', () => {
        link.failAll(closed());
        resolve();
      });
    });
    const write = (frame: string) => {
      if (ws.readyState !== WebSocket.OPEN) throw closed();
      ws.send(frame);
    };
    this.api = createClient((method, input) => link.request(method, input, write), link.subscribe);
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
    return this.api.call(method, input);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.api.on(event, listener);
  }

  close(): void {
    this.ws.close();
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
