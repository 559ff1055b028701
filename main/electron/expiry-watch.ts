// A safety net under the daemon's own renewal: when a session's credentials are about to run out
// and it has not been renewed (the daemon renews well ahead; this fires only if that failed or is
// stuck), say so once per expiry. Plain logic; notifications.ts shows what it returns.
import type { Session } from '../../preload/contract';

/** How long before expiry an unrenewed session is worth a notification. */
export const WARN_BEFORE_MS = 60_000;

export interface ExpiryWarning {
  sessionId: string;
  title: string;
  body: string;
}

/**
 * Warnings due now. `warned` remembers "id@expiresAt" so each expiry warns once; a renewal moves
 * expiresAt and re-arms the warning.
 */
export function dueWarnings(sessions: readonly Session[], now: number, warned: Set<string>): ExpiryWarning[] {
  const due: ExpiryWarning[] = [];
  for (const s of sessions) {
    if (s.state === 'ended' || s.state === 'renewing' || s.expiresAt === undefined) continue;
    const left = s.expiresAt - now;
    const key = `${s.id}@${s.expiresAt}`;
    if (left > WARN_BEFORE_MS || left <= 0 || warned.has(key)) continue;
    warned.add(key);
    const seconds = Math.ceil(left / 1000);
    due.push({
      sessionId: s.id,
      title: `Access to ${s.target.computeName} expires in ${seconds} s`,
      body: 'It was not renewed automatically. Renew it from the tray or the window to keep the session.',
    });
  }
  return due;
}
