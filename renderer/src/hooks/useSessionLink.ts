import { useEffect, useRef } from 'react';
import { SessionId, type Session } from '../../../preload/contract';

/** The session a `#session=gc-…` fragment names, if any. */
export function sessionFromHash(hash: string): string | null {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('session');
  return id && SessionId.safeParse(id).success ? id : null;
}

/**
 * Follows `#session=gc-…` links: the tray's "Open terminal" navigates the window to one (a
 * same-document navigation, no reload), and so can any link. The fragment is cleared once the
 * session is shown, so the next link to the same session works too.
 */
export function useSessionLink(sessions: readonly Session[], show: (session: Session) => void): void {
  const latest = useRef({ sessions, show });
  latest.current = { sessions, show };
  const pending = useRef<string | null>(null);

  const follow = () => {
    const id = pending.current;
    const session = id ? latest.current.sessions.find((s) => s.id === id) : undefined;
    if (!session) return;
    pending.current = null;
    history.replaceState(null, '', location.pathname + location.search);
    latest.current.show(session);
  };

  useEffect(() => {
    const onHash = () => {
      pending.current = sessionFromHash(location.hash);
      follow();
    };
    onHash();
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  // A link may name a session this window has not heard of yet: follow it once it is listed.
  useEffect(follow, [sessions]);
}
