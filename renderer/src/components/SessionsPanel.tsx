import { useState } from 'react';
import type { ConnectApi, Session } from '../../../preload/contract';
import { toConnectError, windowWords, type ConnectError } from '../api/errors';
import { formatBytes, formatCountdown, statusLabel } from '../format';
import { visibleSessions } from '../sessions-view';
import { useNow } from '../hooks/useNow';
import { useTask } from '../hooks/useTask';
import { Badge, type Tone } from './Badge';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';

const stateTone: Record<Session['state'], Tone> = {
  starting: 'info',
  active: 'good',
  renewing: 'info',
  reconnecting: 'warn',
  ended: 'neutral',
};

const kindLabel: Record<Session['kind'], string> = { shell: 'Shell', forward: 'Port forward', rdp: 'Remote Desktop', transfer: 'File transfer' };

/** Credentials this close to expiry are shown as urgent. */
const URGENT_MS = 2 * 60_000;

interface Group {
  fleetId: string;
  live: Session[];
  ended: Session[];
}

function groupByFleet(sessions: readonly Session[]): Group[] {
  const groups = new Map<string, Group>();
  for (const session of sessions) {
    const id = session.target.fleetId;
    const group = groups.get(id) ?? { fleetId: id, live: [], ended: [] };
    groups.set(id, group);
    (session.state === 'ended' ? group.ended : group.live).push(session);
  }
  // Fleets with open sessions first; otherwise in the order of their newest session.
  return [...groups.values()].sort((a, b) => Number(b.live.length > 0) - Number(a.live.length > 0));
}

/** What "End all" is about to end, waiting for the user to confirm. */
interface EndAllRequest {
  sessions: Session[];
  /** The fleet's title, or null for every open session. */
  fleet: string | null;
}

export function SessionsPanel({
  api,
  sessions,
  fleetName,
  onOpen,
  disconnected = false,
}: {
  api: ConnectApi;
  sessions: Session[];
  fleetName: (fleetId: string) => string;
  onOpen: (session: Session) => void;
  /** The daemon cannot be reached: what the window last heard may no longer be true. */
  disconnected?: boolean;
}) {
  // The daemon has no call to forget an ended session: "Clear ended" hides them in this window.
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const [endAll, setEndAll] = useState<EndAllRequest | null>(null);
  const [endAllError, setEndAllError] = useState<ConnectError | null>(null);
  const shown = visibleSessions(sessions, cleared);
  const live = shown.filter((s) => s.state !== 'ended');
  const endedCount = shown.length - live.length;
  const groups = groupByFleet(shown);
  const now = useNow(!disconnected && live.some((s) => s.expiresAt !== undefined));

  const confirmEndAll = async (request: EndAllRequest) => {
    setEndAll(null);
    setEndAllError(null);
    const results = await Promise.allSettled(request.sessions.map((s) => api.endSession({ sessionId: s.id })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) setEndAllError(toConnectError(failed.reason));
  };

  return (
    <section className="pane sessions" aria-label="Sessions">
      <header className="pane-header">
        <h2>Sessions</h2>
        <span className="count">{live.length ? `${live.length} open` : ''}</span>
        <span className="spacer" />
        {endedCount ? (
          <button
            type="button"
            className="ghost small"
            title="Hide ended sessions and failed attempts from this window"
            onClick={() => setCleared(new Set([...cleared, ...sessions.filter((s) => s.state === 'ended').map((s) => s.id)]))}
          >
            Clear ended
          </button>
        ) : null}
        {live.length && !disconnected ? (
          <button type="button" className="ghost small danger" aria-label="End all sessions" onClick={() => setEndAll({ sessions: live, fleet: null })}>
            End all
          </button>
        ) : null}
      </header>
      <div className="session-list">
        <ErrorNote error={endAllError} context="Could not end every session" onDismiss={() => setEndAllError(null)} />
        {disconnected && live.length ? (
          <p className="notice" role="status">
            The daemon is not reachable: these sessions' state is unknown until it is back.
          </p>
        ) : null}
        {live.length === 0 ? <p className="empty">No open sessions. Double-click a compute to open a shell.</p> : null}
        {groups.map((group) => {
          const title = fleetName(group.fleetId);
          return (
            <section key={group.fleetId} className="session-group" aria-label={`Sessions on ${title}`} data-fleet={group.fleetId}>
              <header className="group-header">
                <h3 className="subhead" title={group.fleetId}>
                  {title}
                </h3>
                <span className="count">{group.live.length ? `${group.live.length} open` : 'ended'}</span>
                {group.live.length && !disconnected ? (
                  <button
                    type="button"
                    className="ghost small danger"
                    aria-label={`End all sessions on ${title}`}
                    onClick={() => setEndAll({ sessions: group.live, fleet: title })}
                  >
                    End all
                  </button>
                ) : null}
              </header>
              {[...group.live, ...group.ended].map((session) => (
                <SessionCard key={session.id} api={api} session={session} now={now} onOpen={onOpen} disconnected={disconnected} />
              ))}
            </section>
          );
        })}
      </div>
      {endAll ? (
        <Dialog title="End sessions?" onClose={() => setEndAll(null)}>
          <p className="dialog-lead">
            {endAll.sessions.length === 1 ? 'This ends 1 open session' : `This ends ${endAll.sessions.length} open sessions`}
            {endAll.fleet ? ` on ${endAll.fleet}` : ', on every fleet'}: shells close, forwards stop listening and Remote Desktop connections drop.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setEndAll(null)} autoFocus>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void confirmEndAll(endAll)}>
              {endAll.sessions.length === 1 ? 'End 1 session' : `End ${endAll.sessions.length} sessions`}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

/** A contract method that may not exist in this build (added by the daemon side): called only if the client has it. */
function optionalMethod(api: ConnectApi, name: string): ((input: { sessionId: string }) => Promise<Record<string, unknown>>) | null {
  const fn = (api as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (fn as (input: { sessionId: string }) => Promise<Record<string, unknown>>) : null;
}

/** Where the user's RDP client connects: the local forward, or the instance itself (SDK 4 direct). */
export function rdpAddress(session: Session): string | null {
  if (session.localPort !== undefined) return `127.0.0.1:${session.localPort}`;
  if (session.remoteHost && session.remotePort !== undefined) return `${session.remoteHost}:${session.remotePort}`;
  return null;
}

function SessionCard({ api, session, now, onOpen, disconnected }: { api: ConnectApi; session: Session; now: number; onOpen: (s: Session) => void; disconnected: boolean }) {
  const renew = useTask(() => api.renewSession({ sessionId: session.id }));
  const end = useTask(() => api.endSession({ sessionId: session.id }));
  const copyPasswordFn = optionalMethod(api, 'copyRdpPassword');
  const relaunchFn = optionalMethod(api, 'relaunchRdpClient');
  const copyPassword = useTask(() => copyPasswordFn!({ sessionId: session.id }));
  const relaunch = useTask(() => relaunchFn!({ sessionId: session.id }));
  const [copied, setCopied] = useState<string | null>(null);
  const ended = session.state === 'ended';
  const left = session.expiresAt !== undefined ? session.expiresAt - now : null;
  const error = renew.error ?? end.error ?? copyPassword.error ?? relaunch.error;
  const userName: unknown = (session as Session & { userName?: unknown }).userName;
  const rdp = session.kind === 'rdp';
  const direct = rdp && session.transport === 'direct';
  /** The client can be launched again, and the password copied, once the session is up. */
  const up = session.state === 'active' || session.state === 'renewing';
  const address = rdp ? rdpAddress(session) : null;

  return (
    <article className={`session-card${ended ? ' ended' : ''}`} data-session={session.id} aria-label={`${kindLabel[session.kind]} to ${session.target.computeName}`}>
      <div className="row-title">
        <span className="name">{kindLabel[session.kind]}</span>
        {disconnected && !ended ? <Badge tone="warn">Disconnected</Badge> : <Badge tone={stateTone[session.state]}>{statusLabel(session.state)}</Badge>}
      </div>
      <div className="row-sub mono session-target">
        <MiddleEllipsis text={session.target.computeName} />
        {session.target.shellIn ? <span className="shell-in">{` · ${session.target.shellIn}`}</span> : null}
      </div>
      <dl className="facts">
        {rdp && address && session.localPort === undefined ? (
          <>
            <dt>Address</dt>
            <dd className="mono" data-testid="rdp-address">
              {address}
            </dd>
          </>
        ) : null}
        {rdp && typeof userName === 'string' && userName ? (
          <>
            <dt>User</dt>
            <dd className="mono" data-testid="rdp-user">
              {userName}
            </dd>
          </>
        ) : null}
        {rdp && session.sharedFolder ? (
          <>
            <dt>Folder</dt>
            <dd className="mono" data-testid="rdp-shared-folder" title={`${session.sharedFolder.localPath}${session.sharedFolder.note ? ` · ${session.sharedFolder.note}` : ''}`}>
              {session.sharedFolder.remotePath}
            </dd>
          </>
        ) : null}
        {session.localPort !== undefined ? (
          <>
            <dt>Local</dt>
            <dd className="mono" data-testid="local-port">
              127.0.0.1:{session.localPort}
              {session.remotePort !== undefined ? ` → ${session.remoteHost ?? 'compute'}:${session.remotePort}` : ''}
            </dd>
          </>
        ) : null}
        {!ended && !disconnected && left !== null ? (
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
        {session.refused ? (
          <>
            <dt>Refused</dt>
            <dd className="refused-note" data-testid="refused" title={session.refused.reason}>
              nothing answered on port {session.remotePort} ({session.refused.count === 1 ? 'once' : `${session.refused.count} times`}, last at {new Date(session.refused.lastAt).toLocaleTimeString()}): is the server listening?
            </dd>
          </>
        ) : null}
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
              {session.endReason ? windowWords(session.endReason) : 'closed'}
              {session.exitCode !== undefined ? ` (exit ${session.exitCode})` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorNote error={error} onDismiss={() => (renew.clearError(), end.clearError(), copyPassword.clearError(), relaunch.clearError())} />
      {copied ? (
        <p className="saved small-text" role="status">
          {copied}
        </p>
      ) : null}
      {!ended && !disconnected ? (
        <div className="card-actions">
          {session.kind === 'shell' ? (
            <button type="button" className="small" onClick={() => onOpen(session)}>
              Open
            </button>
          ) : null}
          {rdp && up && relaunchFn ? (
            <button type="button" className="small" disabled={relaunch.busy} onClick={() => void relaunch.run()}>
              Launch again
            </button>
          ) : null}
          {direct && up && copyPasswordFn ? (
            <button
              type="button"
              className="small"
              disabled={copyPassword.busy}
              onClick={() =>
                void copyPassword.run().then((r) => {
                  if (!r) return;
                  const clears = typeof r.clearsInSeconds === 'number' ? r.clearsInSeconds : null;
                  setCopied(clears !== null ? `Password copied, clears in ${clears} s` : 'Password copied');
                })
              }
            >
              Copy password
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
