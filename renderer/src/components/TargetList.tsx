import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Fleet, Target } from '../../../preload/contract';
import type { ConnectError } from '../api/errors';
import { accessLabel, kindLabel, matchesSearch, osLabel, statusLabel } from '../format';
import { useListKeys } from '../hooks/useListKeys';
import { Badge, statusTone } from './Badge';
import { ErrorNote } from './ErrorNote';

const ROW_HEIGHT = 44;

export interface TargetActions {
  openShell: (target: Target) => void;
  openForward: (target: Target) => void;
  openRdp: (target: Target) => void;
}

/**
 * The computes (or instances) of one fleet. Virtualised: only the rows in view exist in the DOM,
 * so fleets with thousands of computes stay smooth.
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
}) {
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => targets.filter((t) => matchesSearch(query, [t.computeName, t.instanceId, t.status, t.os, t.location, t.ipAddress, t.instanceType])),
    [targets, query],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const reachable = fleet.access !== 'none';
  const keys = useListKeys(
    shown.length,
    (i) => {
      const target = shown[i];
      if (target && reachable) actions.openShell(target);
    },
    (i) => virtualizer.scrollToIndex(i, { align: 'auto' }),
    Math.max(1, Math.floor((scroller.current?.clientHeight ?? 440) / ROW_HEIGHT) - 1),
  );
  const activeTarget = shown[keys.active];

  // A new filter or a new list starts at the top (a scroll offset past the new end shows nothing).
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    keys.setActive(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, targets]);

  return (
    <section className="pane targets" aria-label={`Computes of ${fleet.name}`}>
      <header className="pane-header">
        <div>
          <h2>{fleet.name}</h2>
          <div className="row-sub">
            <span className="mono">{fleet.fleetId}</span> · {kindLabel[fleet.kind]}
            {fleet.sdkMajor !== null ? ` · SDK ${fleet.sdkMajor}` : ''} · {osLabel(fleet.os, fleet.operatingSystem)} · {accessLabel[fleet.access]}
          </div>
        </div>
        <button type="button" className="ghost" onClick={onRefresh} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </header>
      {!reachable ? (
        <div className="notice" role="note">
          <strong>No remote access to this fleet.</strong> {fleet.accessNote ?? 'GameLift offers no remote access to these computes.'}
        </div>
      ) : null}
      {notice}
      <div className="filters row">
        <input type="search" placeholder="Filter computes…" aria-label="Filter computes" value={query} onChange={(e) => setQuery(e.target.value)} />
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
        aria-activedescendant={activeTarget ? rowId(activeTarget) : undefined}
        onKeyDown={keys.onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const target = shown[item.index];
            if (!target) return null;
            return (
              <div
                key={target.computeName}
                id={rowId(target)}
                role="option"
                aria-selected={item.index === keys.active}
                data-compute={target.computeName}
                className={`target-row${item.index === keys.active ? ' active' : ''}${pendingName === target.computeName ? ' pending' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => keys.setActive(item.index)}
                onDoubleClick={() => reachable && actions.openShell(target)}
              >
                <span className="mono name" title={target.instanceId ?? target.computeName}>
                  {target.computeName}
                </span>
                <span>
                  <Badge tone={statusTone(target.status)}>{statusLabel(target.status)}</Badge>
                </span>
                <span>{osLabel(target.os, target.operatingSystem)}</span>
                <span>{target.location}</span>
                <span className="mono dim">{target.ipAddress ?? target.dnsName ?? '—'}</span>
              </div>
            );
          })}
        </div>
        {!loading && !error && shown.length === 0 ? <p className="empty">{targets.length ? 'No compute matches.' : 'This fleet has no computes here yet.'}</p> : null}
      </div>
      {activeTarget && reachable ? (
        <footer className="pane-footer" aria-live="polite">
          <span className="mono">{activeTarget.computeName}</span>
          <span className="dim">Enter opens a shell</span>
          <span className="spacer" />
          <button type="button" onClick={() => actions.openForward(activeTarget)}>
            Forward a port…
          </button>
          {activeTarget.os === 'windows' ? (
            <button type="button" onClick={() => actions.openRdp(activeTarget)}>
              Remote Desktop
            </button>
          ) : null}
          <button type="button" className="primary" onClick={() => actions.openShell(activeTarget)}>
            Open shell
          </button>
        </footer>
      ) : null}
    </section>
  );
}

const rowId = (target: Target) => `target-${target.computeName.replace(/[^A-Za-z0-9-]/g, '_')}`;
