// The emulated service's data-channel endpoint: ws:// on 127.0.0.1 at
// /v1/data-channel/<session-id>?role=publish_subscribe. The client's first frame must be the text
// OpenDataChannelInput (docs/reference/ssm-data-channel.md §2.3); a bad one closes the socket.
// Before that, an upgrade gate (set by the emulated SSM service) may refuse the HTTP upgrade
// itself: a stale StreamUrl, a missing or bad SigV4 signature (§17).
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface OpenDataChannelInput {
  MessageSchemaVersion: string;
  RequestId: string;
  TokenValue: string;
  ClientId: string;
  ClientVersion?: string;
}

/** Close code and reason for a refused OpenDataChannelInput (the service's policy-violation close). */
export const REFUSED_CLOSE_CODE = 1008;
/** How long a new socket may stay silent before its OpenDataChannelInput is given up on. */
const OPEN_INPUT_TIMEOUT_MS = 10_000;
const PATH_PATTERN = /^\/v1\/data-channel\/([^/]+)$/;

/** What the gate says about one upgrade request: go on, or an HTTP refusal. */
export type UpgradeVerdict = { ok: true } | { ok: false; status: number; code: string; message: string };
/** Decides on an upgrade request before the WebSocket exists (the service's front door). */
export type UpgradeGate = (sessionId: string, req: IncomingMessage) => UpgradeVerdict;

export interface StreamServerHooks {
  /** Whether a session with this id exists (otherwise the upgrade is refused with 404). */
  knows(sessionId: string): boolean;
  /** Accepts or refuses an opened channel; on acceptance the session owns the socket from here on. */
  open(sessionId: string, input: OpenDataChannelInput, socket: WebSocket): { ok: true } | { ok: false; reason: string };
  log(message: string): void;
}

export class StreamServer {
  /** Consulted on every upgrade to a known session; none lets every upgrade through. */
  gate: UpgradeGate | undefined;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  static async listen(hooks: StreamServerHooks, port = 0): Promise<StreamServer> {
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    const http = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
    // The gate is read from the instance at each upgrade, so it can be set after listen().
    const self: { server?: StreamServer } = {};
    http.on('upgrade', (req, socket, head) => {
      const sessionId = sessionIdOf(req);
      if (!sessionId || !hooks.knows(sessionId)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      const verdict = self.server?.gate?.(sessionId, req) ?? { ok: true };
      if (!verdict.ok) {
        // The reason goes to the log and the body; neither ever holds a signature or a token.
        hooks.log(`session ${sessionId}: refused upgrade (${verdict.status} ${verdict.code})`);
        const body = JSON.stringify({ __type: verdict.code, message: verdict.message });
        socket.end(
          `HTTP/1.1 ${verdict.status} ${STATUS_CODES[verdict.status] ?? ''}\r\nContent-Type: application/json\r\n` +
            `x-amzn-ErrorType: ${verdict.code}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => awaitOpenInput(ws, sessionId, hooks));
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => resolve());
    });
    self.server = new StreamServer(http, wss, (http.address() as AddressInfo).port);
    return self.server;
  }

  urlFor(sessionId: string): string {
    return `ws://127.0.0.1:${this.port}/v1/data-channel/${sessionId}?role=publish_subscribe`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function sessionIdOf(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
  const raw = PATH_PATTERN.exec(url.pathname)?.[1];
  try {
    return raw === undefined ? null : decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function awaitOpenInput(ws: WebSocket, sessionId: string, hooks: StreamServerHooks): void {
  const refuse = (reason: string) => {
    hooks.log(`session ${sessionId}: refused data channel: ${reason}`);
    ws.close(REFUSED_CLOSE_CODE, reason);
  };
  const timer = setTimeout(() => refuse('no OpenDataChannelInput'), OPEN_INPUT_TIMEOUT_MS);
  // A protocol error from the client closes the socket; it must never take the emulator down.
  ws.on('error', (error) => hooks.log(`session ${sessionId}: websocket error: ${error.message}`));
  ws.once('message', (data, isBinary) => {
    clearTimeout(timer);
    const input = isBinary ? null : parseOpenInput(data.toString());
    if (!input) return refuse('first frame must be a text OpenDataChannelInput');
    const verdict = hooks.open(sessionId, input, ws);
    if (!verdict.ok) refuse(verdict.reason);
  });
  ws.once('close', () => clearTimeout(timer));
}

function parseOpenInput(text: string): OpenDataChannelInput | null {
  try {
    const value = JSON.parse(text) as Partial<OpenDataChannelInput>;
    if (typeof value.TokenValue !== 'string' || typeof value.MessageSchemaVersion !== 'string') return null;
    if (value.ClientVersion !== undefined && typeof value.ClientVersion !== 'string') return null;
    return {
      MessageSchemaVersion: value.MessageSchemaVersion,
      RequestId: String(value.RequestId ?? ''),
      TokenValue: value.TokenValue,
      ClientId: String(value.ClientId ?? ''),
      ...(value.ClientVersion !== undefined ? { ClientVersion: value.ClientVersion } : {}),
    };
  } catch {
    return null;
  }
}
