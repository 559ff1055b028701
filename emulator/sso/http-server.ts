// A small loopback HTTP server for IAM Identity Center's REST-JSON endpoints and pages: routes by
// method and path, hands each handler the parsed request, and writes its reply. Unlike
// core/service-endpoint.ts there is no SigV4 here: SSO-OIDC and the portal are unsigned (the model's
// smithy.api#noAuth); the portal authenticates with a bearer token header instead.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (request: HttpRequest) => HttpReply | Promise<HttpReply>;

const MAX_BODY_BYTES = 256 * 1024;

const tooLarge = (): HttpReply => ({
  status: 413,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ message: `Request body larger than ${MAX_BODY_BYTES} bytes` }),
});

export class HttpServer {
  private readonly server: Server;
  private address = '';

  constructor(
    private readonly routes: Record<string, Handler>,
    /** Answers requests no route matches, and handler failures (`error` set). */
    private readonly fallback: (request: HttpRequest, error?: unknown) => HttpReply,
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://emulator');
        const request: HttpRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        const answer = size > MAX_BODY_BYTES ? Promise.resolve(tooLarge()) : this.reply(request);
        void answer.then((reply) => {
          const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
          res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length), Date: new Date().toUTCString() });
          res.end(body);
        });
      });
    });
  }

  /** The server's base URL, http://127.0.0.1:<port> (no trailing slash). */
  get url(): string {
    return this.address;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.address;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async reply(request: HttpRequest): Promise<HttpReply> {
    const handler = this.routes[`${request.method} ${request.path}`];
    if (!handler) return this.fallback(request);
    try {
      return await handler(request);
    } catch (error) {
      return this.fallback(request, error);
    }
  }
}
