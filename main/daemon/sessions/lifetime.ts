// Credential lifetime arithmetic for sessions: when access expires and when to renew it.

export interface Lifetime {
  expiresAt: number;
  renewsAt: number;
}

export function lifetimeFrom(now: number, lifetimeMs: number, renewLeadMs: number): Lifetime {
  const expiresAt = now + lifetimeMs;
  return { expiresAt, renewsAt: expiresAt - Math.min(renewLeadMs, lifetimeMs - 1) };
}

/** After a failed renewal: try again soon, but well before expiry while there is time left. */
export function retryDelay(now: number, expiresAt: number): number {
  const left = expiresAt - now;
  return Math.max(500, Math.min(30_000, Math.floor(left / 3)));
}
