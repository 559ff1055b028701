import { useMemo, useState } from 'react';
import type { Fleet } from '../../../preload/contract';
import type { ConnectError } from '../api/errors';
import { accessLabel, fleetDescription, fleetTitle, kindLabel, matchesSearch, osLabel, statusLabel } from '../format';
import { useListKeys } from '../hooks/useListKeys';
import { Badge, statusTone } from './Badge';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';

const KINDS = ['all', 'ec2', 'container', 'anywhere'] as const;

function facets(fleet: Fleet): string[] {
  return [
    fleet.name,
    fleet.fleetId,
    fleet.kind,
    kindLabel[fleet.kind],
    fleet.os,
    fleet.operatingSystem ?? '',
    fleet.status,
    fleet.sdkMajor === null ? '' : `sdk${fleet.sdkMajor} sdk ${fleet.sdkMajor}`,
    accessLabel[fleet.access],
    fleet.access,
    ...fleet.locations,
  ];
}

export function FleetList({
  fleets,
  loading,
  error,
  selectedId,
  onSelect,
  onRefresh,
  onDismissError,
}: {
  fleets: Fleet[];
  loading: boolean;
  error: ConnectError | null;
  selectedId: string | null;
  onSelect: (fleet: Fleet) => void;
  onRefresh: () => void;
  onDismissError: () => void;
}) {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('all');
  const shown = useMemo(
    () => fleets.filter((f) => (kind === 'all' || f.kind === kind) && matchesSearch(query, facets(f))),
    [fleets, query, kind],
  );
  const keys = useListKeys(shown.length, (i) => {
    const fleet = shown[i];
    if (fleet) onSelect(fleet);
  });

  return (
    <section className="pane fleets" aria-label="Fleets">
      <header className="pane-header">
        <h2>Fleets</h2>
        <button type="button" className="ghost" onClick={onRefresh} disabled={loading} title="Reload fleets from GameLift">
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </header>
      <div className="filters">
        <input
          type="search"
          placeholder="Search name, ID, SDK, OS, status…"
          aria-label="Search fleets"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div className="segmented" role="radiogroup" aria-label="Fleet kind">
          {KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'on' : ''} onClick={() => setKind(k)}>
              {k === 'all' ? 'All' : kindLabel[k]}
            </button>
          ))}
        </div>
      </div>
      <ErrorNote error={error} onDismiss={onDismissError} context="Could not list fleets" />
      <div
        className="list fleet-list"
        role="listbox"
        tabIndex={0}
        aria-label="Fleets"
        aria-activedescendant={shown[keys.active] ? `fleet-${shown[keys.active]?.fleetId}` : undefined}
        onKeyDown={keys.onKeyDown}
      >
        {shown.map((fleet, index) => (
          <div
            key={fleet.fleetId}
            id={`fleet-${fleet.fleetId}`}
            role="option"
            aria-selected={fleet.fleetId === selectedId}
            className={`fleet-row${index === keys.active ? ' active' : ''}${fleet.fleetId === selectedId ? ' selected' : ''}`}
            onClick={() => {
              keys.setActive(index);
              onSelect(fleet);
            }}
          >
            <div className="row-title">
              {/* A container fleet's title is its ID: cut in the middle, so its distinguishing end shows. */}
              {fleet.kind === 'container' ? (
                <MiddleEllipsis className="name" text={fleetTitle(fleet)} />
              ) : (
                <span className="name" title={fleetTitle(fleet)}>
                  {fleetTitle(fleet)}
                </span>
              )}
              <Badge tone={statusTone(fleet.status)}>{statusLabel(fleet.status)}</Badge>
            </div>
            {/* A container fleet's title is its ID (it has no name): its description goes here instead. */}
            {fleetDescription(fleet) ? (
              <div className="row-sub fleet-description" title={fleetDescription(fleet) ?? undefined}>
                {fleetDescription(fleet)}
              </div>
            ) : (
              <MiddleEllipsis className="row-sub mono" text={fleet.fleetId} tail={12} />
            )}
            <div className="badges">
              <Badge>{kindLabel[fleet.kind]}</Badge>
              {fleet.sdkMajor !== null ? <Badge>SDK {fleet.sdkMajor}</Badge> : null}
              <Badge>{osLabel(fleet.os)}</Badge>
              <Badge tone={fleet.access === 'none' ? 'warn' : 'accent'} title={fleet.accessNote}>
                {accessLabel[fleet.access]}
              </Badge>
              {fleet.locations.length > 1 ? <Badge tone="info">{fleet.locations.length} locations</Badge> : null}
            </div>
            {fleet.access === 'none' && fleet.accessNote ? <p className="row-note">{fleet.accessNote}</p> : null}
          </div>
        ))}
        {!loading && !error && shown.length === 0 ? (
          <p className="empty">{fleets.length === 0 ? 'No fleets in this Region.' : 'No fleet matches your search.'}</p>
        ) : null}
      </div>
    </section>
  );
}
