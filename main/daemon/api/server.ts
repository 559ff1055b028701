// The local API: the contract served over a WebSocket on 127.0.0.1 (ephemeral port), JSON text
// frames ({id, method, input} → {id, ok, value|error}; events pushed as {event, payload}).
// Upgrades are admitted by guards.ts; calls go through the dispatcher. Non-upgrade HTTP requests
// go to an optional handler (the web mode serves the renderer from the same origin).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PROTOCOL, WireRequest, type WireEvent, type WireResponse } from '../../../preload/contract';
import type { EventBus } from '../events';
import type { Dispatch } from './dispatcher';
import { checkUpgrade } from './guards';

/** Larger frames close the connection (1009); every contract input is far below this. */
const MAX_FRAME = 1024 * 1024;
/** A client that stops reading gets disconnected rather than buffering without bound. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export interface ApiServerOptions {
  dispatch: Dispatch;
  events: EventBus;
  /** 0 (default): an ephemeral port. */
  port?: number;
  allowedOrigins?: readonly string[];
  httpHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface ApiServer {
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const token = randomBytes(32).toString('base64url');
  const http = createServer((req, res) => {
    if (opts.httpHandler) return opts.httpHandler(req, res);
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    // Answer with the API protocol only: never echo the bearer subprotocol.
    handleProtocols: (protocols) => (protocols.has(API_PROTOCOL) ? API_PROTOCOL : false),
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade(req, { token, port, ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}) });
    if (!verdict.ok) {
      const text = verdict.status === 401 ? 'Unauthorized' : verdict.status === 403 ? 'Forbidden' : 'Bad Request';
      socket.end(`HTTP/1.1 ${verdict.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, opts));
  });

  return {
    port,
    token,
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function serve(ws: WebSocket, opts: ApiServerOptions): void {
  const send = (message: WireResponse | WireEvent): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const unsubscribe = opts.events.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    void handle(data.toString(), isBinary).then(send);
  });

  async function handle(text: string, isBinary: boolean): Promise<WireResponse> {
    let request: WireRequest;
    try {
      if (isBinary) throw new Error('binary');
      request = WireRequest.parse(JSON.parse(text));
    } catch {
      return { id: -1, ok: false, error: { code: 'InvalidInput', message: 'Malformed request: expected {"id","method","input"} as JSON text.' } };
    }
    return { id: request.id, ...(await opts.dispatch(request.method, request.input)) };
  }
}
