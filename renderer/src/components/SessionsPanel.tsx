import type { ConnectApi, Session } from '../../../preload/contract';
import { formatBytes, formatCountdown, statusLabel } from '../format';
import { useNow } from '../hooks/useNow';
import { useTask } from '../hooks/useTask';
import { Badge, type Tone } from './Badge';
import { ErrorNote } from './ErrorNote';

const stateTone: Record<Session['state'], Tone> = {
  starting: 'info',
  active: 'good',
  renewing: 'info',
  reconnecting: 'warn',
  ended: 'neutral',
};

const kindLabel: Record<Session['kind'], string> = { shell: 'Shell', forward: 'Port forward', rdp: 'Remote Desktop' };

/** Credentials this close to expiry are shown as urgent. */
const URGENT_MS = 2 * 60_000;

export function SessionsPanel({ api, sessions, onOpen }: { api: ConnectApi; sessions: Session[]; onOpen: (session: Session) => void }) {
  const live = sessions.filter((s) => s.state !== 'ended');
  const ended = sessions.filter((s) => s.state === 'ended').slice(0, 8);
  const now = useNow(live.some((s) => s.expiresAt !== undefined));
  return (
    <section className="pane sessions" aria-label="Sessions">
      <header className="pane-header">
        <h2>Sessions</h2>
        <span className="count">{live.length ? `${live.length} open` : ''}</span>
      </header>
      <div className="session-list">
        {live.length === 0 ? <p className="empty">No open sessions. Double-click a compute to open a shell.</p> : null}
        {live.map((session) => (
          <SessionCard key={session.id} api={api} session={session} now={now} onOpen={onOpen} />
        ))}
        {ended.length ? <h3 className="subhead">Ended</h3> : null}
        {ended.map((session) => (
          <SessionCard key={session.id} api={api} session={session} now={now} onOpen={onOpen} />
        ))}
      </div>
    </section>
  );
}

function SessionCard({ api, session, now, onOpen }: { api: ConnectApi; session: Session; now: number; onOpen: (s: Session) => void }) {
  const renew = useTask(() => api.renewSession({ sessionId: session.id }));
  const end = useTask(() => api.endSession({ sessionId: session.id }));
  const ended = session.state === 'ended';
  const left = session.expiresAt !== undefined ? session.expiresAt - now : null;
  const error = renew.error ?? end.error;

  return (
    <article className={`session-card${ended ? ' ended' : ''}`} data-session={session.id} aria-label={`${kindLabel[session.kind]} to ${session.target.computeName}`}>
      <div className="row-title">
        <span className="name">{kindLabel[session.kind]}</span>
        <Badge tone={stateTone[session.state]}>{statusLabel(session.state)}</Badge>
      </div>
      <div className="row-sub mono" title={session.target.fleetId}>
        {session.target.computeName}
        {session.target.shellIn ? ` · ${session.target.shellIn}` : ''}
      </div>
      <dl className="facts">
        {session.localPort !== undefined ? (
          <>
            <dt>Local</dt>
            <dd className="mono" data-testid="local-port">
              127.0.0.1:{session.localPort}
              {session.remotePort !== undefined ? ` → ${session.remoteHost ?? 'compute'}:${session.remotePort}` : ''}
            </dd>
          </>
        ) : null}
        {!ended && left !== null ? (
          <>
            <dt>Credentials</dt>
            <dd className={`countdown${left < URGENT_MS ? ' urgent' : ''}`} data-testid="countdown" aria-label={`Credentials expire in ${formatCountdown(left)}`}>
              {left > 0 ? `expire in ${formatCountdown(left)}` : 'expired'}
              {session.renewsAt !== undefined && session.renewsAt > now ? <span className="dim"> · renews in {formatCountdown(session.renewsAt - now)}</span> : null}
            </dd>
          </>
        ) : null}
        <dt>Traffic</dt>
        <dd>
          ↓ {formatBytes(session.bytesIn)} ↑ {formatBytes(session.bytesOut)}
          {session.connections !== undefined ? ` · ${session.connections} conn.` : ''}
        </dd>
        <dt>Via</dt>
        <dd>
          {session.transport.toUpperCase()} · {session.target.location}
        </dd>
        {session.hostKeyFingerprint ? (
          <>
            <dt>Host key</dt>
            <dd className="mono small-text">{session.hostKeyFingerprint}</dd>
          </>
        ) : null}
        {ended ? (
          <>
            <dt>Ended</dt>
            <dd>
              {session.endReason ?? 'closed'}
              {session.exitCode !== undefined ? ` (exit ${session.exitCode})` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorNote error={error} onDismiss={() => (renew.clearError(), end.clearError())} />
      {!ended ? (
        <div className="card-actions">
          {session.kind === 'shell' ? (
            <button type="button" className="small" onClick={() => onOpen(session)}>
              Open
            </button>
          ) : null}
          {session.localPort !== undefined ? (
            <button
              type="button"
              className="small"
              aria-label={`Copy 127.0.0.1:${session.localPort}`}
              onClick={() => void navigator.clipboard?.writeText(`127.0.0.1:${session.localPort}`)}
            >
              Copy address
            </button>
          ) : null}
          <button type="button" className="small" onClick={() => void renew.run()} disabled={renew.busy || session.state === 'renewing'}>
            {renew.busy || session.state === 'renewing' ? 'Renewing…' : 'Renew'}
          </button>
          <button type="button" className="small danger" onClick={() => void end.run()} disabled={end.busy}>
            End
          </button>
        </div>
      ) : null}
    </article>
  );
}
