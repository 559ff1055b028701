// Who may talk to the local API: a loopback client that presents the bearer token (Authorization
// header, or the `bearer.<token>` subprotocol browsers must use), from no Origin or our own, to a
// Host naming our loopback port (DNS-rebinding guard). Every check in one place.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { API_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../../preload/contract';

export interface GuardConfig {
  token: string;
  port: number;
  /** Extra allowed origins (e.g. the web mode's dev server). */
  allowedOrigins?: readonly string[];
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403 | 400; reason: string };

function offeredProtocols(req: IncomingMessage): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return offeredProtocols(req)
    .find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))
    ?.slice(BEARER_PROTOCOL_PREFIX.length);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * DNS-rebinding guard for every request, page or API: a page on evil.example that re-points its
 * name at 127.0.0.1 still sends `Host: evil.example`. Only the loopback names of our own port pass
 * (the server listens on 127.0.0.1 alone).
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  const host = String(hostHeader ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function checkUpgrade(req: IncomingMessage, cfg: GuardConfig): GuardVerdict {
  if (!isLoopbackHost(req.headers.host, cfg.port)) return { ok: false, status: 403, reason: 'bad host' };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const allowed = [`http://127.0.0.1:${cfg.port}`, `http://localhost:${cfg.port}`, ...(cfg.allowedOrigins ?? [])];
    if (!allowed.includes(origin)) return { ok: false, status: 403, reason: 'foreign origin' };
  }
  const token = presentedToken(req);
  if (!token || !sameToken(token, cfg.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  const protocols = offeredProtocols(req);
  if (protocols.length > 0 && !protocols.includes(API_PROTOCOL)) {
    return { ok: false, status: 400, reason: `subprotocol ${API_PROTOCOL} required` };
  }
  return { ok: true };
}
