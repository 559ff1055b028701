import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectApi, Session } from '../../../preload/contract';
import { addRecent, fromRecentTarget, loadRecents, recentOf, saveRecents, type Recent } from '../recent';

/**
 * The recent connections: the daemon's list (it notes every successful open, whoever opened it),
 * read again after each open from this window and whenever the link comes back. A daemon without
 * listRecentTargets leaves the window to keep its own, in localStorage.
 */
export function useRecents(api: ConnectApi, reloadKey: number): { recents: Recent[]; noteOpened: (session: Session) => void } {
  const [recents, setRecents] = useState<Recent[]>([]);
  const local = useRef(false);

  const refresh = useCallback(() => {
    api.listRecentTargets({}).then(
      ({ targets }) => {
        local.current = false;
        setRecents(targets.map(fromRecentTarget));
      },
      () => {
        local.current = true;
        setRecents(loadRecents());
      },
    );
  }, [api]);
  useEffect(refresh, [refresh, reloadKey]);

  const noteOpened = (session: Session) => {
    if (session.kind === 'transfer') return; // a file copy is not a target to reopen
    if (!local.current) return refresh();
    const next = addRecent(loadRecents(), recentOf(session));
    saveRecents(next);
    setRecents(next);
  };
  return { recents, noteOpened };
}
