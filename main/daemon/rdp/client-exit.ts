// What an RDP client's exit means for its session, the same for every platform's launcher. The
// session exists for that client, so when the client goes the session goes too: cleanly when the
// user closed the client or signed out, as a failure in the client's own words otherwise (its
// secret is wiped either way, by the session's end).
import type { LaunchedClient } from './launcher';

/**
 * How long opening a session waits for a client that fails at once (no display, a missing or
 * refused program, a login refused straight away), so the caller gets that error instead of a
 * session that ends a moment after it was reported active. Later failures end the session with a
 * notification.
 */
export const EARLY_EXIT_MS = 2000;

export interface ClientEnd {
  reason: string;
  /** A failure (worth a notification), rather than the user closing the client. */
  failed: boolean;
}

/** How a client exit with `code` ends its session; null when it does not (a hand-over that worked). */
export function clientEnd(client: LaunchedClient, code: number | null): ClientEnd | null {
  if (client.closedNormally(code)) {
    return client.lifetime === 'connection' ? { reason: `the Remote Desktop client (${client.name}) was closed`, failed: false } : null;
  }
  const how = code === null ? 'was stopped' : `exited with code ${code}`;
  // The session's end reason is shown as one line; the notification adds its own full stop.
  const said = client.errorOutput().join(' · ').replace(/\.+$/, '');
  return { reason: `the Remote Desktop client (${client.name}) ${how}${said ? `: ${said}` : ''}`, failed: true };
}

/** The client's exit code if it exits within `ms`; undefined while it is still running then. */
export function exitWithin(client: LaunchedClient, ms: number): Promise<{ code: number | null } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([client.exited.then((code) => ({ code })), running]).finally(() => clearTimeout(timer));
}
