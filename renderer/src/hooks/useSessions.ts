import { useEffect, useState } from 'react';
import type { ConnectApi, Session } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';

/** Every session the daemon knows, kept current by sessionChanged events. */
export function useSessions(api: ConnectApi, reloadKey: number): { sessions: Session[]; error: ConnectError | null; upsert: (s: Session) => void } {
  const [byId, setById] = useState<ReadonlyMap<string, Session>>(new Map());
  const [error, setError] = useState<ConnectError | null>(null);

  const upsert = (session: Session) =>
    setById((current) => {
      const next = new Map(current);
      next.set(session.id, session);
      return next;
    });

  useEffect(() => api.on('sessionChanged', upsert), [api]);

  useEffect(() => {
    let live = true;
    api.listSessions({}).then(
      ({ sessions }) => {
        if (!live) return;
        setError(null);
        setById((current) => {
          // Keep ended sessions this window already saw; the daemon may have forgotten them.
          const next = new Map([...current].filter(([, s]) => s.state === 'ended'));
          for (const session of sessions) next.set(session.id, session);
          return next;
        });
      },
      (caught: unknown) => live && setError(toConnectError(caught)),
    );
    return () => {
      live = false;
    };
  }, [api, reloadKey]);

  const sessions = [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
  return { sessions, error, upsert };
}
