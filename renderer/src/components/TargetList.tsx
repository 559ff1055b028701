import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Fleet, Target } from '../../../preload/contract';
import type { ConnectError } from '../api/errors';
import { accessLabel, defaultAction, fleetDescription, fleetTitle, kindLabel, osLabel, searchTokens, statusLabel, targetHaystack } from '../format';
import { inBackground, useListKeys } from '../hooks/useListKeys';
import { Badge, statusTone } from './Badge';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';

const ROW_HEIGHT = 44;

/** Said where the list tells how to open a compute (footer, tooltips). */
export const BACKGROUND_HINT = 'Ctrl+Enter or Ctrl+double-click (⌘ on macOS) opens a shell in the background';

export interface TargetActions {
  /** `background`: open the terminal tab without switching to it. */
  openShell: (target: Target, background: boolean) => void;
  openForward: (target: Target) => void;
  openRdp: (target: Target) => void;
  /** Remote Desktop with a local folder shared into the session (a dialog asks which). */
  openRdpWithFolder: (target: Target) => void;
  showGameSessions: (target: Target) => void;
  /** The Files panel (Linux computes: SFTP on SDK 4, Session Manager on SDK 5 and containers). */
  showFiles: (target: Target) => void;
}

/**
 * The computes (or instances) of one fleet. Virtualised: only the rows in view exist in the DOM,
 * so fleets with thousands of computes stay smooth. A filter keystroke costs one pass over
 * strings lower-cased once per list, and re-renders only the rows whose compute changed.
 */
export function TargetList({
  fleet,
  targets,
  loading,
  error,
  location,
  onLocation,
  onRefresh,
  onDismissError,
  actions,
  pendingName,
  notice,
  headerExtra,
  details,
  health,
  reveal,
}: {
  fleet: Fleet;
  targets: Target[];
  loading: boolean;
  error: ConnectError | null;
  location: string | null;
  onLocation: (location: string | null) => void;
  onRefresh: () => void;
  onDismissError: () => void;
  actions: TargetActions;
  /** The compute a connection is being opened to, shown as busy. */
  pendingName: string | null;
  notice?: ReactNode;
  /** Buttons beside Refresh (events, follow). */
  headerExtra?: ReactNode;
  /** Panels under the list (game sessions, events). */
  details?: ReactNode;
  /** Why the fleet has no computes (ERROR, ACTIVATING): shown instead of "no computes yet". */
  health?: ReactNode;
  /** A compute to select and scroll to once it is listed (from Find, a notification). */
  reveal?: { computeName: string; nonce: number } | null;
}) {
  const [query, setQuery] = useState('');
  const haystacks = useMemo(() => targets.map(targetHaystack), [targets]);
  const shown = useMemo(() => {
    const tokens = searchTokens(query);
    if (tokens.length === 0) return targets;
    const out: Target[] = [];
    for (let i = 0; i < targets.length; i++) {
      const hay = haystacks[i]!;
      if (tokens.every((token) => hay.includes(token))) out.push(targets[i]!);
    }
    return out;
  }, [targets, haystacks, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  });
  const reachable = fleet.access !== 'none';

  // The row handlers read the latest props through a ref, so they stay the same functions and
  // memoised rows re-render only when their own compute or state changes.
  const latest = useRef({ fleet, actions, reachable });
  latest.current = { fleet, actions, reachable };
  const open = useCallback((target: Target, background: boolean) => {
    const { fleet: f, actions: a, reachable: ok } = latest.current;
    if (!ok) return;
    if (defaultAction(f, target) === 'rdp') a.openRdp(target);
    else a.openShell(target, background);
  }, []);

  const keys = useListKeys(
    shown.length,
    (i, how) => {
      const target = shown[i];
      if (target) open(target, how.background);
    },
    (i) => virtualizer.scrollToIndex(i, { align: 'auto' }),
    // Read when PageUp/PageDown is pressed, not on every render (a forced layout per keystroke).
    () => Math.max(1, Math.floor((scroller.current?.clientHeight ?? 440) / ROW_HEIGHT) - 1),
  );
  const { select } = keys;
  const activeTarget = shown[keys.active];

  // The virtualizer's own scroll offset, not the element's scrollTop: reading that forces a layout.
  const toTop = () => {
    if (scroller.current && (virtualizer.scrollOffset ?? 0) !== 0) scroller.current.scrollTop = 0;
  };
  // A new list starts at the top (a scroll offset past the new end shows nothing). A new filter
  // does the same, in its own keystroke's render (onChange below) rather than a second one.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    select(0);
  }, [targets, select]);

  // A compute named from elsewhere: selected and scrolled to once listed (not on filter keystrokes).
  useEffect(() => {
    if (!reveal) return;
    const index = targets.findIndex((t) => t.computeName === reveal.computeName);
    if (index < 0) return;
    setQuery('');
    select(index);
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [reveal, targets]); // eslint-disable-line react-hooks/exhaustive-deps

  const activeDefault = activeTarget ? defaultAction(fleet, activeTarget) : 'shell';
  return (
    <section className="pane targets" aria-label={`Computes of ${fleetTitle(fleet)}`}>
      <header className="pane-header">
        <div className="pane-title">
          <h2>{fleetTitle(fleet)}</h2>
          {fleetDescription(fleet) ? <div className="fleet-description">{fleetDescription(fleet)}</div> : null}
          <div className="row-sub">
            <span className="mono">{fleet.fleetId}</span> · {kindLabel[fleet.kind]}
            {fleet.sdkMajor !== null ? ` · SDK ${fleet.sdkMajor}` : ''} · {osLabel(fleet.os, fleet.operatingSystem)} · {accessLabel[fleet.access]}
          </div>
        </div>
        <div className="header-actions">
          {headerExtra}
          <button type="button" className="ghost" onClick={onRefresh} disabled={loading}>
            {loading ? 'Loading…' : 'Refresh'}
          </button>
        </div>
      </header>
      {health}
      {!reachable ? (
        <div className="notice" role="note">
          <strong>No remote access to this fleet.</strong> {fleet.accessNote ?? 'GameLift offers no remote access to these computes.'}
        </div>
      ) : null}
      {notice}
      <div className="filters row">
        <input
          type="search"
          placeholder="Filter computes…"
          aria-label="Filter computes"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            select(0);
            toTop();
          }}
        />
        {fleet.locations.length > 1 ? (
          <select aria-label="Location" value={location ?? ''} onChange={(e) => onLocation(e.target.value || null)}>
            <option value="">All locations</option>
            {fleet.locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        ) : null}
        <span className="count" aria-live="polite">
          {shown.length === targets.length ? `${targets.length} compute${targets.length === 1 ? '' : 's'}` : `${shown.length} of ${targets.length}`}
        </span>
      </div>
      <ErrorNote error={error} onDismiss={onDismissError} context="Could not list computes" />
      <div className="table-head" aria-hidden="true">
        <span>Compute</span>
        <span>Status</span>
        <span>OS</span>
        <span>Location</span>
        <span>Address</span>
      </div>
      <div
        ref={scroller}
        className="list target-list"
        role="listbox"
        tabIndex={0}
        aria-label="Computes"
        title={reachable ? `Double-click or Enter opens a compute. ${BACKGROUND_HINT}.` : undefined}
        aria-activedescendant={activeTarget ? rowId(activeTarget) : undefined}
        onKeyDown={keys.onKeyDown}
      >
        <div className="target-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const target = shown[item.index];
            if (!target) return null;
            return (
              <TargetRow
                // Keyed by position: a new filter refills the rows in place instead of replacing them.
                key={item.index}
                target={target}
                index={item.index}
                start={item.start}
                active={item.index === keys.active}
                pending={pendingName === target.computeName}
                onSelect={select}
                onOpen={open}
              />
            );
          })}
        </div>
        {!loading && !error && shown.length === 0 && !(health && targets.length === 0) ? <p className="empty">{targets.length ? 'No compute matches.' : 'This fleet has no computes here yet.'}</p> : null}
      </div>
      {activeTarget && reachable ? (
        <footer className="pane-footer" aria-live="polite">
          <MiddleEllipsis className="mono footer-name" text={activeTarget.computeName} />
          <span className="dim footer-hint">
            {activeDefault === 'rdp' ? 'Enter opens Remote Desktop' : 'Enter opens a shell · Ctrl+Enter in the background'}
          </span>
          <span className="spacer" />
          <button type="button" onClick={() => actions.showGameSessions(activeTarget)}>
            Game sessions
          </button>
          {activeTarget.os !== 'windows' && activeDefault === 'shell' ? (
            <button type="button" onClick={() => actions.showFiles(activeTarget)}>
              Files
            </button>
          ) : null}
          <button type="button" onClick={() => actions.openForward(activeTarget)}>
            Forward a port…
          </button>
          {activeTarget.os === 'windows' || activeDefault === 'rdp' ? (
            <button type="button" title="Remote Desktop with a folder of this computer shared into Windows" onClick={() => actions.openRdpWithFolder(activeTarget)}>
              Share a folder…
            </button>
          ) : null}
          {activeTarget.os === 'windows' || activeDefault === 'rdp' ? (
            <button type="button" className={activeDefault === 'rdp' ? 'primary' : ''} onClick={() => actions.openRdp(activeTarget)}>
              Remote Desktop
            </button>
          ) : null}
          {activeDefault === 'shell' ? (
            <button
              type="button"
              className="primary"
              title="Ctrl+click (⌘-click on macOS) opens it in the background"
              onClick={(e) => actions.openShell(activeTarget, inBackground(e))}
            >
              Open shell
            </button>
          ) : null}
        </footer>
      ) : null}
      {details}
    </section>
  );
}

const TargetRow = memo(function TargetRow({
  target,
  index,
  start,
  active,
  pending,
  onSelect,
  onOpen,
}: {
  target: Target;
  index: number;
  start: number;
  active: boolean;
  pending: boolean;
  onSelect: (index: number) => void;
  onOpen: (target: Target, background: boolean) => void;
}) {
  return (
    <div
      id={rowId(target)}
      role="option"
      aria-selected={active}
      data-compute={target.computeName}
      className={`target-row${active ? ' active' : ''}${pending ? ' pending' : ''}`}
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onSelect(index)}
      onDoubleClick={(e) => onOpen(target, inBackground(e))}
    >
      <MiddleEllipsis className="mono name" text={target.computeName} />
      <span>
        <Badge tone={statusTone(target.status)}>{statusLabel(target.status)}</Badge>
      </span>
      <span>{osLabel(target.os, target.operatingSystem)}</span>
      <span>{target.location}</span>
      <span className="mono dim" title={target.instanceId && target.instanceId !== target.computeName ? `Host instance ${target.instanceId}` : undefined}>
        {target.ipAddress ?? target.dnsName ?? '—'}
      </span>
    </div>
  );
});

const rowId = (target: Target) => `target-${target.computeName.replace(/[^A-Za-z0-9-]/g, '_')}`;
