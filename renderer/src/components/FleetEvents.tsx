import { useEffect, useState } from 'react';
import type { ConnectApi, Fleet, FleetEvent, MethodOutput } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { fleetTitle } from '../format';
import { useRetryAfterSignInHere } from '../hooks/useSignIns';
import { useTask } from '../hooks/useTask';
import { Badge, type Tone } from './Badge';
import { ErrorNote } from './ErrorNote';

const PAGE = 20;
const severityTone: Record<FleetEvent['severity'], Tone> = { error: 'bad', warning: 'warn', info: 'neutral' };

/** Whether a fleet's status needs explaining: it is in ERROR or not ACTIVE yet. */
export const needsHealth = (status: string) => status.toUpperCase() !== 'ACTIVE';

/** Follow / Following: the daemon watches the fleet's events and notifies of crashes. */
export function FollowToggle({ api, fleetId }: { api: ConnectApi; fleetId: string }) {
  const [following, setFollowing] = useState<boolean | null>(null);
  const task = useTask((follow: boolean) => (follow ? api.followFleet({ fleetId }) : api.unfollowFleet({ fleetId })));
  const list = useTask(() => api.listFollowedFleets({}));
  useEffect(() => {
    setFollowing(null);
    void list.run().then((r) => r && setFollowing(r.fleets.some((f) => f.fleetId === fleetId)));
  }, [fleetId]); // eslint-disable-line react-hooks/exhaustive-deps
  const toggle = () =>
    void task.run(!following).then((r) => {
      if (r) setFollowing(r.fleets.some((f) => f.fleetId === fleetId));
    });
  const error = task.error ?? list.error;
  return (
    <>
      <button
        type="button"
        className={`ghost follow${following ? ' on' : ''}`}
        aria-pressed={following === true}
        disabled={following === null || task.busy}
        title={following ? 'You get a notification when a server process on this fleet crashes. Click to stop.' : 'Notify me when a server process on this fleet crashes'}
        onClick={toggle}
      >
        {following ? '★ Following' : '☆ Follow'}
      </button>
      {error ? (
        <span className="follow-error">
          <ErrorNote error={error} context="Follow" onDismiss={() => (task.clearError(), list.clearError())} />
        </span>
      ) : null}
    </>
  );
}

function EventRow({ api, event }: { api: ConnectApi; event: FleetEvent }) {
  const [saved, setSaved] = useState<MethodOutput<'downloadFleetEventLog'> | null>(null);
  const save = useTask(() => api.downloadFleetEventLog({ fleetId: event.fleetId, eventId: event.eventId }));
  return (
    <li className={`fleet-event severity-${event.severity}`} data-event-code={event.code}>
      <div className="row-title">
        <Badge tone={severityTone[event.severity]}>{event.severity}</Badge>
        <span className="mono event-code">{event.code}</span>
        {event.count !== undefined && event.count > 1 ? <span className="dim">×{event.count}</span> : null}
        <span className="spacer" />
        <time className="dim small-text" dateTime={new Date(event.time).toISOString()}>
          {new Date(event.time).toLocaleString()}
        </time>
      </div>
      <div className="event-message">{event.message}</div>
      {event.hasLog ? (
        <div className="card-actions">
          <button type="button" className="small" disabled={save.busy} onClick={() => void save.run().then((r) => r && setSaved(r))}>
            {save.busy ? 'Saving…' : 'Save log'}
          </button>
          {saved ? (
            <span className="saved small-text" role="status">
              Saved to <code>{saved.path}</code>
            </span>
          ) : null}
        </div>
      ) : null}
      <ErrorNote error={save.error} context="Could not save the log" onDismiss={save.clearError} />
    </li>
  );
}

export function EventList({ api, events }: { api: ConnectApi; events: readonly FleetEvent[] }) {
  return (
    <ol className="fleet-events">
      {events.map((e) => (
        <EventRow key={e.eventId} api={api} event={e} />
      ))}
    </ol>
  );
}

/** A fleet's events, newest first, a page at a time ("Load more"). */
export function FleetEvents({ api, fleet, onClose }: { api: ConnectApi; fleet: Fleet; onClose: () => void }) {
  const [events, setEvents] = useState<FleetEvent[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const page = useTask((nextToken?: string) => api.listFleetEvents({ fleetId: fleet.fleetId, limit: PAGE, ...(nextToken ? { nextToken } : {}) }));

  const load = (nextToken?: string) =>
    void page.run(nextToken).then((r) => {
      if (!r) return;
      setEvents((all) => (nextToken ? [...all, ...r.events] : r.events));
      setNext(r.nextToken);
      setLoaded(true);
    });
  useEffect(() => {
    setEvents([]);
    setNext(undefined);
    setLoaded(false);
    load();
  }, [fleet.fleetId]); // eslint-disable-line react-hooks/exhaustive-deps
  useRetryAfterSignInHere(page.error, () => load());

  return (
    <section className="details events" aria-label={`Events of ${fleetTitle(fleet)}`}>
      <header className="details-header">
        <h3 className="subhead">Events</h3>
        <span className="spacer" />
        <button type="button" className="ghost small" onClick={() => load()} disabled={page.busy}>
          Refresh
        </button>
        <button type="button" className="icon-button" aria-label="Close events" onClick={onClose}>
          ×
        </button>
      </header>
      <ErrorNote error={page.error} context="Could not list events" onDismiss={page.clearError} />
      {loaded && events.length === 0 ? <p className="empty">No events.</p> : null}
      <EventList api={api} events={events} />
      {next ? (
        <button type="button" className="small load-more" disabled={page.busy} onClick={() => load(next)}>
          {page.busy ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}

/** Why a fleet in ERROR or not yet ACTIVE has no computes to show: its status reason and latest events. */
export function FleetHealth({ api, fleet }: { api: ConnectApi; fleet: Fleet }) {
  const [health, setHealth] = useState<MethodOutput<'fleetHealth'> | null>(null);
  const [error, setError] = useState<ConnectError | null>(null);
  useEffect(() => {
    let live = true;
    setHealth(null);
    setError(null);
    api.fleetHealth({ fleetId: fleet.fleetId }).then(
      (h) => live && setHealth(h),
      (e: unknown) => live && setError(toConnectError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, fleet.fleetId]);
  if (error) return <ErrorNote error={error} context={`Fleet is ${fleet.status}`} />;
  if (!health) return <div className="notice" role="status">Fleet is {fleet.status}: looking up why…</div>;
  return (
    <div className={`notice fleet-health${health.status.toUpperCase() === 'ERROR' ? ' bad' : ''}`} role="note" aria-label="Fleet health">
      <strong>{health.summary}</strong>
      {health.reason && !health.summary.includes(health.reason.message) ? (
        <p className="health-reason">
          <span className="mono">{health.reason.code}</span>: {health.reason.message}
        </p>
      ) : null}
      {health.events.length ? (
        <details open>
          <summary>Latest events</summary>
          <EventList api={api} events={health.events.slice(0, 3)} />
        </details>
      ) : null}
    </div>
  );
}
