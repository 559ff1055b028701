// Web mode's static files: the built renderer (dist/renderer), mounted on the daemon's local API
// server on 127.0.0.1. It serves files only — GET/HEAD of built files with their content type and
// the security headers — and holds no secrets: the daemon's token reaches the page in the URL
// fragment, which browsers never send, and every daemon call needs it. Requests naming a foreign
// Host are refused (DNS rebinding).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './csp';
import { isLoopbackHost } from '../api/guards';
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
