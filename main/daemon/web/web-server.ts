// Web mode's static server: the built renderer (dist/renderer) over HTTP on 127.0.0.1. It serves
// files only — GET/HEAD of built files with their content type and the security headers — and
// holds no secrets: the daemon's token reaches the page in the URL fragment, which browsers never
// send, and every daemon call needs it. Requests naming a foreign Host are refused (DNS rebinding).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECURITY_HEADERS } from './csp';
import { isLoopbackHost } from './host-check';
import { contentTypeFor, resolveBuiltFile } from './static-files';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function refuse(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(`${text}\n`);
}

/** A request handler for the built renderer under `root`; mountable on any loopback HTTP server. */
export function rendererHandler(root: string): RequestHandler {
  return (req, res) => {
    void (async () => {
      if (!isLoopbackHost(req.headers.host, req.socket.localPort ?? -1)) return refuse(res, 421, 'Unknown host');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      if (pathname === '/favicon.ico') return void res.writeHead(204, SECURITY_HEADERS).end();
      const file = resolveBuiltFile(root, pathname);
      const info = file ? await stat(file).catch(() => null) : null;
      if (!file || !info?.isFile()) return refuse(res, 404, 'Not found');
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) ?? 'application/octet-stream', 'Content-Length': String(info.size) });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}

export interface WebServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A standalone server for the renderer on 127.0.0.1 (port 0: any free port). */
export async function startWebServer(root: string, port = 0): Promise<WebServer> {
  const server = createServer(rendererHandler(root));
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    server,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
