// Data-channel tokens as the service issues them: random, bound to one session, usable once, and
// valid only briefly (StartSession's token "is valid only long enough to ensure the connection").
import { randomBytes } from 'node:crypto';

export const DEFAULT_TOKEN_TTL_MS = 30_000;

export type TokenCheck = { ok: true } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'wrong-session' };

export class TokenBook {
  private readonly tokens = new Map<string, { sessionId: string; expiresAt: number; used: boolean }>();

  constructor(private readonly ttlMs = DEFAULT_TOKEN_TTL_MS) {}

  issue(sessionId: string): string {
    this.forgetExpired();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { sessionId, expiresAt: Date.now() + this.ttlMs, used: false });
    return token;
  }

  /** Spends the token; a second use, an expired token or another session's token is refused. */
  redeem(token: string, sessionId: string): TokenCheck {
    const entry = this.tokens.get(token);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.sessionId !== sessionId) return { ok: false, reason: 'wrong-session' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (Date.now() > entry.expiresAt) return { ok: false, reason: 'expired' };
    entry.used = true;
    return { ok: true };
  }

  revokeSession(sessionId: string): void {
    for (const [token, entry] of this.tokens) if (entry.sessionId === sessionId) this.tokens.delete(token);
  }

  private forgetExpired(): void {
    // Used tokens stay until they expire so that a replay is reported as 'used', not 'unknown'.
    const now = Date.now();
    for (const [token, entry] of this.tokens) if (now > entry.expiresAt + this.ttlMs) this.tokens.delete(token);
  }
}
