import { useEffect, useState } from 'react';
import type { ConnectApi, GameSession, MethodOutput, Target } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { statusLabel } from '../format';
import { useRetryAfterSignInHere } from '../hooks/useSignIns';
import { useTask } from '../hooks/useTask';
import { Badge, statusTone } from './Badge';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';

/** The game session's own ID: the ARN's last part. */
export const shortGameSessionId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

const gameSessionTitle = (g: GameSession) => (g.name ? `${g.name} (${shortGameSessionId(g.gameSessionId)})` : shortGameSessionId(g.gameSessionId));

const ended = (g: GameSession) => g.status === 'TERMINATED';
const endable = (g: GameSession) => g.status === 'ACTIVE' || g.status === 'ACTIVATING';

function formatTime(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

type Saved = MethodOutput<'getGameSessionLog'>;

/**
 * The game sessions on one compute, newest first, loaded when opened and on Refresh: each can be
 * ended (gracefully or by force, after a confirmation naming it), and an ended one's log saved.
 */
export function GameSessions({ api, target, onClose }: { api: ConnectApi; target: Target; onClose: () => void }) {
  const [sessions, setSessions] = useState<GameSession[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [confirm, setConfirm] = useState<{ session: GameSession; mode: 'graceful' | 'force' } | null>(null);
  const [actionError, setActionError] = useState<{ error: ConnectError; context: string } | null>(null);
  const [saved, setSaved] = useState<Record<string, Saved>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const list = useTask(() => api.listGameSessions({ fleetId: target.fleetId, computeName: target.computeName }));

  const load = () =>
    void list.run().then((r) => {
      if (!r) return;
      setSessions(r.gameSessions);
      setTruncated(r.truncated);
    });
  useEffect(load, [target.fleetId, target.computeName]); // eslint-disable-line react-hooks/exhaustive-deps
  useRetryAfterSignInHere(list.error, load);

  const act = async (id: string, context: string, work: () => Promise<void>) => {
    setActionError(null);
    setBusy(id);
    try {
      await work();
    } catch (caught) {
      setActionError({ error: toConnectError(caught), context });
    } finally {
      setBusy(null);
    }
  };

  const terminate = (session: GameSession, mode: 'graceful' | 'force') => {
    setConfirm(null);
    void act(session.gameSessionId, `Could not end ${gameSessionTitle(session)}`, async () => {
      const updated = await api.terminateGameSession({ gameSessionId: session.gameSessionId, mode });
      setSessions((all) => all?.map((g) => (g.gameSessionId === updated.gameSessionId ? updated : g)) ?? null);
    });
  };

  const saveLog = (session: GameSession) =>
    void act(session.gameSessionId, `Could not save the log of ${gameSessionTitle(session)}`, async () => {
      const file = await api.getGameSessionLog({ gameSessionId: session.gameSessionId });
      setSaved((all) => ({ ...all, [session.gameSessionId]: file }));
    });

  return (
    <section className="details game-sessions" aria-label={`Game sessions on ${target.computeName}`}>
      <header className="details-header">
        <h3 className="subhead">
          Game sessions on <MiddleEllipsis className="mono" text={target.computeName} />
        </h3>
        <span className="spacer" />
        <button type="button" className="ghost small" onClick={load} disabled={list.busy}>
          {list.busy ? 'Loading…' : 'Refresh'}
        </button>
        <button type="button" className="icon-button" aria-label="Close game sessions" onClick={onClose}>
          ×
        </button>
      </header>
      <ErrorNote error={list.error} context="Could not list game sessions" onDismiss={list.clearError} />
      <ErrorNote error={actionError?.error ?? null} context={actionError?.context} onDismiss={() => setActionError(null)} />
      {sessions && sessions.length === 0 ? <p className="empty">No game sessions on this compute.</p> : null}
      {sessions?.length ? (
        <table className="details-table">
          <thead>
            <tr>
              <th>Game session</th>
              <th>Status</th>
              <th>Port</th>
              <th>Players</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((g) => (
              <tr key={g.gameSessionId} data-game-session={shortGameSessionId(g.gameSessionId)}>
                <td>
                  <div>{g.name ?? '—'}</div>
                  <MiddleEllipsis className="mono dim small-text" text={shortGameSessionId(g.gameSessionId)} />
                </td>
                <td>
                  <Badge tone={statusTone(g.status)}>{statusLabel(g.status)}</Badge>
                  {g.statusReason ? <div className="small-text dim status-reason">{statusLabel(g.statusReason)}</div> : null}
                </td>
                <td className="mono">{g.port ?? '—'}</td>
                <td>
                  {g.currentPlayers}/{g.maxPlayers}
                </td>
                <td className="nowrap">{formatTime(g.createdAt)}</td>
                <td className="row-actions">
                  {endable(g) ? (
                    <>
                      <button type="button" className="small" disabled={busy === g.gameSessionId} onClick={() => setConfirm({ session: g, mode: 'graceful' })}>
                        End
                      </button>
                      <button type="button" className="small danger" disabled={busy === g.gameSessionId} onClick={() => setConfirm({ session: g, mode: 'force' })}>
                        Force end
                      </button>
                    </>
                  ) : null}
                  {ended(g) ? (
                    <button type="button" className="small" disabled={busy === g.gameSessionId} onClick={() => saveLog(g)}>
                      {busy === g.gameSessionId ? 'Saving…' : 'Save log'}
                    </button>
                  ) : null}
                  {saved[g.gameSessionId] ? (
                    <div className="saved small-text" role="status">
                      Saved to <code>{saved[g.gameSessionId]!.path}</code>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {truncated ? <p className="help">Only the newest game sessions are listed.</p> : null}
      {confirm ? (
        <Dialog title={confirm.mode === 'force' ? 'Force-end the game session?' : 'End the game session?'} onClose={() => setConfirm(null)}>
          <p className="dialog-lead">
            {confirm.mode === 'force'
              ? 'GameLift stops the server process at once: '
              : 'GameLift asks the server process to end the game (onProcessTerminate) and waits for it: '}
            <strong>{gameSessionTitle(confirm.session)}</strong> on <span className="mono">{target.computeName}</span>, with {confirm.session.currentPlayers}{' '}
            player{confirm.session.currentPlayers === 1 ? '' : 's'}.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirm(null)} autoFocus>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => terminate(confirm.session, confirm.mode)}>
              {confirm.mode === 'force' ? 'Force end' : 'End game session'}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
