import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConnectApi, FindKind, FindMatch, MethodOutput } from '../../../preload/contract';
import { statusLabel } from '../format';
import { useRetryAfterSignInHere } from '../hooks/useSignIns';
import { useTask } from '../hooks/useTask';
import { inBackground } from '../hooks/useListKeys';
import { recentKindLabel, type Recent } from '../recent';
import { Badge, statusTone } from './Badge';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';

export type MatchAction = 'shell' | 'rdp' | 'forward' | 'show';

export const findKindLabel: Record<FindKind, string> = {
  'game-session': 'game session',
  'player-session': 'player session',
  player: 'player ID',
  address: 'address',
  fleet: 'fleet',
  compute: 'compute',
  'game-session-name': 'game session name',
};

/** What Enter does to a match: a shell, Remote Desktop on SDK 4 Windows, or showing it when nothing can be opened. */
export function matchDefault(match: FindMatch): MatchAction {
  const c = match.connect;
  if (!c || c.access === 'none') return 'show';
  return c.access === 'instance-access' && c.os === 'windows' ? 'rdp' : 'shell';
}

/** The one search box (Ctrl+K / ⌘K): a game session, player, address, fleet or compute to where it runs. */
export function FindPalette({
  api,
  initialText,
  fleetName,
  recents,
  onAction,
  onRecent,
  onClose,
}: {
  api: ConnectApi;
  initialText: string;
  fleetName: (fleetId: string) => string;
  recents: readonly Recent[];
  onAction: (match: FindMatch, action: MatchAction, background: boolean) => void;
  onRecent: (recent: Recent) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(initialText);
  const [result, setResult] = useState<MethodOutput<'find'> | null>(null);
  const [searched, setSearched] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const find = useTask((t: string) => api.find({ text: t }));
  const input = useRef<HTMLInputElement>(null);

  const asked = useRef('');
  const search = async (t: string) => {
    if (!t.trim()) return;
    asked.current = t;
    const answer = await find.run(t.trim());
    if (answer) {
      setResult(answer);
      setSearched(t.trim());
      setActive(0);
    }
  };

  // A search that waited in vain for an IAM Identity Center sign-in runs again after it.
  useRetryAfterSignInHere(find.error, () => void search(asked.current));

  useEffect(() => {
    input.current?.focus();
    if (initialText.trim()) void search(initialText);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const matches = result && searched === text.trim() ? result.matches : null;

  const onKeyDown = (event: KeyboardEvent) => {
    // A search input's own Escape would only clear the text: here it closes the box, as in every dialog.
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!matches?.length) return;
      event.preventDefault();
      setActive((i) => Math.max(0, Math.min(matches.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    if (event.key !== 'Enter' || event.altKey || event.shiftKey) return;
    event.preventDefault();
    const match = matches?.[active];
    if (match) {
      const background = inBackground(event);
      onAction(match, background ? (matchDefault(match) === 'shell' ? 'shell' : matchDefault(match)) : matchDefault(match), background);
    } else void search(text);
  };

  return (
    <Dialog title="Find" onClose={onClose}>
      <div className="find">
        <input
          ref={input}
          type="search"
          className="find-input"
          aria-label="Find a game session, player, address, fleet or compute"
          placeholder="Game session ID, player ID, psess-…, IP address, fleet or compute"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={Boolean(matches?.length)}
          aria-controls="find-results"
          aria-activedescendant={matches?.[active] ? `find-match-${active}` : undefined}
        />
        <p className="help">Enter searches, then opens the highlighted match (a shell; Remote Desktop on SDK 4 Windows). Ctrl+Enter (⌘ on macOS): a shell in the background.</p>
        <ErrorNote error={find.error} context="Could not search" onDismiss={find.clearError} />
        {find.busy ? (
          <p className="notice" role="status">
            Searching…
          </p>
        ) : null}
        {matches && result ? (
          <div className="find-summary" data-testid="find-summary">
            Searched as {result.searchedAs.map((k) => findKindLabel[k]).join(', ')} · {matches.length === 1 ? '1 match' : `${matches.length} matches`}
          </div>
        ) : null}
        {matches && result?.partial ? (
          <div className="notice find-partial" role="note">
            <strong>Partial search.</strong> {result.notes.join(' ') || 'Some fleets or locations were not searched.'}
          </div>
        ) : null}
        {matches && matches.length === 0 ? <p className="empty">Nothing matches “{searched}”.</p> : null}
        {matches?.length ? (
          <ul className="find-results" id="find-results" role="listbox" aria-label="Matches">
            {matches.map((match, i) => (
              <MatchRow key={i} index={i} match={match} active={i === active} fleetName={fleetName} onHover={() => setActive(i)} onAction={onAction} />
            ))}
          </ul>
        ) : null}
        {!matches && !find.busy && recents.length ? (
          <section className="recent" aria-label="Recent connections">
            <h3 className="subhead">Recent</h3>
            <RecentList recents={recents} fleetName={fleetName} onOpen={onRecent} />
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}

function MatchRow({
  match,
  index,
  active,
  fleetName,
  onHover,
  onAction,
}: {
  match: FindMatch;
  index: number;
  active: boolean;
  fleetName: (fleetId: string) => string;
  onHover: () => void;
  onAction: (match: FindMatch, action: MatchAction, background: boolean) => void;
}) {
  const game = match.gameSession;
  const status = match.status ?? game?.status;
  const port = match.connect?.port ?? match.port ?? game?.port;
  const def = matchDefault(match);
  const reachable = def !== 'show';
  const fleet = match.fleetName ?? fleetName(match.fleetId);
  return (
    <li id={`find-match-${index}`} role="option" aria-selected={active} className={`find-match${active ? ' active' : ''}`} onMouseEnter={onHover} data-matched-as={match.matchedAs}>
      <div className="row-title">
        <span className="name">{fleet}</span>
        {match.location ? <span className="dim">{match.location}</span> : null}
        {status ? <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge> : null}
        <Badge tone="info">{findKindLabel[match.matchedAs]}</Badge>
      </div>
      <div className="row-sub">
        {match.computeName ? <MiddleEllipsis className="mono find-compute" text={match.computeName} /> : <span className="dim">no compute</span>}
        {port !== undefined ? <span className="mono"> · port {port}</span> : null}
        {game ? (
          <span>
            {' '}
            · {game.name ?? 'game session'} · {game.currentPlayers}/{game.maxPlayers} players
          </span>
        ) : null}
        {match.playerSession ? <span className="mono"> · {match.playerSession.playerId ?? match.playerSession.playerSessionId}</span> : null}
        {match.ipAddress ? <span className="mono dim"> · {match.ipAddress}</span> : null}
      </div>
      <div className="card-actions">
        {reachable && def === 'shell' ? (
          <button type="button" className={`small${active ? ' primary' : ''}`} title="Ctrl+click (⌘-click on macOS) opens it in the background" onClick={(e) => onAction(match, 'shell', inBackground(e))}>
            Open shell
          </button>
        ) : null}
        {reachable && match.connect?.os === 'windows' ? (
          <button type="button" className={`small${active && def === 'rdp' ? ' primary' : ''}`} onClick={() => onAction(match, 'rdp', false)}>
            Remote Desktop
          </button>
        ) : null}
        {reachable && port !== undefined ? (
          <button type="button" className="small" onClick={() => onAction(match, 'forward', false)}>
            Forward port {port}…
          </button>
        ) : null}
        <button type="button" className="small ghost" onClick={() => onAction(match, 'show', false)}>
          {match.computeName ? 'Show compute' : 'Show fleet'}
        </button>
        {match.connect?.access === 'none' ? <span className="dim small-text">No remote access to this fleet.</span> : null}
      </div>
    </li>
  );
}

export function RecentList({ recents, fleetName, onOpen }: { recents: readonly Recent[]; fleetName: (fleetId: string) => string; onOpen: (recent: Recent) => void }) {
  return (
    <ul className="recent-list">
      {recents.map((r) => (
        <li key={`${r.kind}|${r.fleetId}|${r.computeName}|${r.shellIn ?? ''}|${r.remotePort ?? ''}`}>
          <button
            type="button"
            className="recent-item"
            aria-label={`Reopen ${recentKindLabel[r.kind]}${r.remotePort !== undefined ? ` to port ${r.remotePort}` : ''} on ${r.computeName}`}
            onClick={() => onOpen(r)}
          >
            <span className="recent-kind">
              {recentKindLabel[r.kind]}
              {r.remotePort !== undefined ? ` ${r.remotePort}` : ''}
              {r.shellIn === 'host' ? ' (host)' : ''}
            </span>
            <span className="dim">{fleetName(r.fleetId)}</span>
            <MiddleEllipsis className="mono" text={r.computeName} />
            <span className="dim">{r.location}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
