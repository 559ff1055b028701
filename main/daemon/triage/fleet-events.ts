// A fleet's events (DescribeFleetEvents, newest first, a page at a time), their logs, and the
// fleet's health: why it is in ERROR or still ACTIVATING, from its status and latest events.
// PreSignedLogUrl stays in this module's memory (a short-lived bearer link to the log): the
// contract says only whether an event has a log, and downloadFleetEventLog fetches it.
import { DescribeFleetEventsCommand, type Event } from '@aws-sdk/client-gamelift';
import type { FleetEvent } from '../../../preload/contract';
import { DaemonError } from '../errors';
import { awsCall, toFleetEvent, type CallContext } from './model';

const PAGE = 100;
/** Presigned log URLs last 15 minutes; one older than this is asked for again before use. */
const URL_FRESH_MS = 10 * 60_000;
/** Event log URLs remembered (the newest); an older event's URL is looked up again. */
const URL_CACHE_SIZE = 2_000;
/** How far back downloadFleetEventLog pages for an event it has not seen: 10 pages of 100. */
const LOOKUP_PAGES = 10;

interface LogLink {
  url: string;
  fleetId: string;
  time: number;
  fetchedAt: number;
}

/** The log URLs of events the daemon has seen, by event ID: kept in memory only, newest first out. */
export class EventLogLinks {
  private readonly links = new Map<string, LogLink>();

  remember(fleetId: string, events: readonly Event[]): void {
    const now = Date.now();
    for (const e of events) {
      if (!e.EventId || !e.PreSignedLogUrl) continue;
      this.links.delete(e.EventId);
      this.links.set(e.EventId, { url: e.PreSignedLogUrl, fleetId, time: e.EventTime?.getTime() ?? 0, fetchedAt: now });
    }
    for (const key of this.links.keys()) {
      if (this.links.size <= URL_CACHE_SIZE) break;
      this.links.delete(key);
    }
  }

  get(eventId: string): LogLink | undefined {
    return this.links.get(eventId);
  }

  clear(): void {
    this.links.clear();
  }
}

export interface EventPage {
  raw: Event[];
  events: FleetEvent[];
  nextToken?: string;
}

/** One page of DescribeFleetEvents, newest first (sorted within the page, as GameLift returns them). */
export async function describeFleetEvents(
  ctx: CallContext,
  links: EventLogLinks,
  fleetId: string,
  opts: { since?: number | undefined; until?: number | undefined; limit?: number | undefined; nextToken?: string | undefined },
): Promise<EventPage> {
  const out = await awsCall(ctx, 'DescribeFleetEvents', { fleetId }, () =>
    ctx.client.send(
      new DescribeFleetEventsCommand({
        FleetId: fleetId,
        ...(opts.since !== undefined ? { StartTime: new Date(opts.since) } : {}),
        ...(opts.until !== undefined ? { EndTime: new Date(opts.until) } : {}),
        Limit: opts.limit ?? PAGE,
        ...(opts.nextToken ? { NextToken: opts.nextToken } : {}),
      }),
    ),
  );
  const raw = [...(out.Events ?? [])].sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0));
  links.remember(fleetId, raw);
  return { raw, events: raw.map((e) => toFleetEvent(e, fleetId)), ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
}

/** A fresh log URL for an event: the remembered one while fresh, else the event looked up again. */
export async function eventLogUrl(ctx: CallContext, links: EventLogLinks, fleetId: string, eventId: string, forceFresh = false): Promise<string> {
  const known = links.get(eventId);
  if (known && known.fleetId !== fleetId) throw new DaemonError('NotFound', `Event ${eventId} is not an event of fleet ${fleetId}.`);
  if (known && !forceFresh && Date.now() - known.fetchedAt < URL_FRESH_MS) return known.url;
  let found: Event | undefined;
  if (known) {
    // Its time is known: one call around it.
    const page = await describeFleetEvents(ctx, links, fleetId, { since: known.time - 1000, until: known.time + 1000 });
    found = page.raw.find((e) => e.EventId === eventId);
  }
  let token: string | undefined;
  for (let page = 0; !found && page < LOOKUP_PAGES; page++) {
    const out = await describeFleetEvents(ctx, links, fleetId, { nextToken: token });
    found = out.raw.find((e) => e.EventId === eventId);
    token = out.nextToken;
    if (!token) break;
  }
  if (!found) throw new DaemonError('NotFound', `Event ${eventId} was not found among fleet ${fleetId}'s latest ${LOOKUP_PAGES * PAGE} events.`);
  if (!found.PreSignedLogUrl) throw new DaemonError('NotFound', `Event ${eventId} (${String(found.EventCode)}) has no log.`);
  return found.PreSignedLogUrl;
}

/** The fleet's state in words, from its status and latest events. */
export function healthOf(status: string, events: readonly FleetEvent[]): { healthy: boolean; summary: string; reason?: FleetEvent } {
  const problem = (e: FleetEvent) => e.severity !== 'info';
  const latestState = events.find((e) => e.code.startsWith('FLEET_STATE_'));
  const since = latestState ? ` since ${new Date(latestState.time).toISOString()}` : '';
  if (status === 'ERROR') {
    const reason = events.find((e) => e.severity === 'error' && e.code !== 'FLEET_STATE_ERROR') ?? events.find(problem);
    return { healthy: false, summary: `The fleet is in ERROR${since}${reason ? `: ${reason.message}` : '; its events do not say why.'}`, ...(reason ? { reason } : {}) };
  }
  if (status !== 'ACTIVE') {
    // Problems after the fleet entered its current status explain why it is still there.
    const recent = events.filter((e) => !latestState || e.time >= latestState.time);
    const reason = recent.find(problem);
    const summary = `The fleet is ${status}${since}; it has no computes to connect to until it is ACTIVE.${reason ? ` Latest problem: ${reason.message}` : ''}`;
    return { healthy: false, summary, ...(reason ? { reason } : {}) };
  }
  const reason = events.find((e) => e.severity === 'error');
  return { healthy: true, summary: reason ? `The fleet is ACTIVE. Latest problem (${new Date(reason.time).toISOString()}): ${reason.message}` : 'The fleet is ACTIVE.', ...(reason ? { reason } : {}) };
}
