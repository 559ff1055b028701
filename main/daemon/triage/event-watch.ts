// The event watch: the daemon polls DescribeFleetEvents of the fleets the user follows and raises a
// `notification` for each new crash or failure (ALERT_CODES), naming the fleet and, when the event
// names one, the compute, so one click opens a shell there. Light on GameLift's limits: one call per
// followed fleet per interval (more only when over 100 events arrived), asking only for events since
// the newest one seen, and backing off (doubling, up to 16 intervals) while calls fail or are throttled.
// The first poll of a fleet only notes where its log ends: events from before are never announced.
import type { Event } from '@aws-sdk/client-gamelift';
import type { FollowedFleet } from '../../../preload/contract';
import type { Discovery } from '../discovery/discovery';
import { DaemonError } from '../errors';
import type { EventBus } from '../events';
import type { Identity } from '../identity/identity';
import type { Logger } from '../log/logger';
import { readUserSettings, writeUserSettings, type FollowedFleetSetting } from '../settings';
import { describeFleetEvents, type EventLogLinks } from './fleet-events';
import { ALERT_CODES, computeInMessage, type CallContext } from './model';

/** Events are asked for from this long before the newest seen (GameLift's timestamps are in seconds); seen IDs are skipped. */
const OVERLAP_MS = 2_000;
const MAX_BACKOFF = 16;
/** Pages one poll may read (100 events each) before it waits for the next interval. */
const MAX_PAGES = 5;
/** Notifications one poll raises one by one; the rest are summed up in one more. */
const MAX_NOTIFICATIONS = 10;

interface Poller {
  setting: FollowedFleetSetting;
  timer: NodeJS.Timeout | undefined;
  /** The newest event time seen (ms); undefined before any. */
  lastSeen: number | undefined;
  /** IDs of events seen near lastSeen, with their times. */
  seen: Map<string, number>;
  baseline: boolean;
  backoff: number;
  lastPolledAt: number | undefined;
  lastError: string | undefined;
  stopped: boolean;
  /** The fleet's name, for notifications (its ID until known). */
  name: string;
}

export interface EventWatchDeps {
  identity: Identity;
  discovery: Discovery;
  events: EventBus;
  log: Logger;
  links: EventLogLinks;
  dataDir: string;
  intervalMs: number;
}

const keyOf = (s: FollowedFleetSetting): string => `${s.profile ?? ''}|${s.region}|${s.fleetId}`;
const label = (code: string): string => {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export class EventWatch {
  private followed: FollowedFleetSetting[] = [];
  private readonly pollers = new Map<string, Poller>();
  private stopped = false;
  /** Whether this daemon polls (a one-shot CLI command's does not, but still reads and changes the list). */
  private polling = false;
  private readonly unsubscribe: () => void;
  /** Settings writes, one after another. */
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: EventWatchDeps) {
    this.unsubscribe = deps.identity.onChange(() => this.sync());
  }

  /** Reads the followed fleets and, with `poll`, starts polling those of the current identity. */
  async start({ poll }: { poll: boolean }): Promise<void> {
    this.followed = (await readUserSettings(this.deps.dataDir)).followedFleets;
    this.polling = poll;
    this.sync();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const p of this.pollers.values()) this.halt(p);
    this.pollers.clear();
  }

  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  list(): FollowedFleet[] {
    return this.followed.map((s) => {
      const p = this.pollers.get(keyOf(s));
      return {
        fleetId: s.fleetId,
        region: s.region,
        profile: s.profile,
        watching: Boolean(p),
        ...(p?.lastPolledAt !== undefined ? { lastPolledAt: p.lastPolledAt } : {}),
        ...(p?.lastError ? { lastError: p.lastError } : {}),
      };
    });
  }

  async follow(fleetIdOrArn: string): Promise<FollowedFleet[]> {
    const fleet = await this.deps.discovery.getFleet(fleetIdOrArn);
    const setting = { fleetId: fleet.fleetId, region: this.deps.identity.region, profile: this.deps.identity.profile };
    await this.reload();
    if (!this.followed.some((s) => keyOf(s) === keyOf(setting))) {
      this.followed.push(setting);
      await this.save();
    }
    this.sync();
    return this.list();
  }

  async unfollow(fleetIdOrArn: string): Promise<FollowedFleet[]> {
    const id = fleetIdOrArn.slice(fleetIdOrArn.lastIndexOf('/') + 1);
    await this.reload();
    const here = (s: FollowedFleetSetting) => s.fleetId === id && s.region === this.deps.identity.region && s.profile === this.deps.identity.profile;
    // The fleet as followed under this identity; else under any (a fleet of another profile or Region).
    const drop = this.followed.some(here) ? here : (s: FollowedFleetSetting) => s.fleetId === id;
    if (!this.followed.some(drop)) throw new DaemonError('NotFound', `Fleet ${id} is not followed.`);
    this.followed = this.followed.filter((s) => !drop(s));
    await this.save();
    this.sync();
    return this.list();
  }

  /** The list as settings.json has it now: another daemon of this data dir (a CLI command's) may have changed it. */
  private async reload(): Promise<void> {
    await this.saving.catch(() => undefined);
    this.followed = (await readUserSettings(this.deps.dataDir)).followedFleets;
  }

  private save(): Promise<void> {
    const followedFleets = [...this.followed];
    this.saving = this.saving.catch(() => undefined).then(() => writeUserSettings(this.deps.dataDir, { followedFleets }));
    return this.saving;
  }

  /** Pollers for the followed fleets of the current identity, and none for the others. */
  private sync(): void {
    if (this.stopped) return;
    const { region, profile } = this.deps.identity;
    const wanted = this.polling ? this.followed.filter((s) => s.region === region && s.profile === profile) : [];
    const keys = new Set(wanted.map(keyOf));
    for (const [key, p] of this.pollers) {
      if (!keys.has(key)) {
        this.halt(p);
        this.pollers.delete(key);
      }
    }
    const fresh = wanted.filter((s) => !this.pollers.has(keyOf(s)));
    fresh.forEach((setting, i) => {
      const p: Poller = { setting, timer: undefined, lastSeen: undefined, seen: new Map(), baseline: false, backoff: 1, lastPolledAt: undefined, lastError: undefined, stopped: false, name: setting.fleetId };
      this.pollers.set(keyOf(setting), p);
      // The first polls are spread a little, so following many fleets is no burst.
      this.schedule(p, Math.min(i * 250, this.deps.intervalMs));
    });
  }

  private halt(p: Poller): void {
    p.stopped = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
  }

  private schedule(p: Poller, delayMs: number): void {
    if (p.stopped) return;
    p.timer = setTimeout(() => void this.poll(p), delayMs);
    p.timer.unref?.();
  }

  private async poll(p: Poller): Promise<void> {
    p.timer = undefined;
    const { identity } = this.deps;
    const ctx: CallContext = { client: identity.gamelift(), region: identity.region, profile: identity.profile };
    const fleetId = p.setting.fleetId;
    try {
      if (!p.baseline) {
        p.name = (await this.deps.discovery.getFleet(fleetId).catch(() => undefined))?.name ?? fleetId;
        const page = await describeFleetEvents(ctx, this.deps.links, fleetId, { limit: 1 });
        const newest = page.raw[0];
        if (newest?.EventId) p.seen.set(newest.EventId, newest.EventTime?.getTime() ?? 0);
        p.lastSeen = newest?.EventTime?.getTime();
        p.baseline = true;
      } else {
        const news = await this.newEvents(ctx, p);
        if (!p.stopped) this.announce(p, news);
      }
      p.backoff = 1;
      p.lastError = undefined;
    } catch (err) {
      p.backoff = Math.min(p.backoff * 2, MAX_BACKOFF);
      p.lastError = err instanceof DaemonError ? err.message : 'unexpected error (see the daemon log)';
      this.deps.log.warn('events', 'fleet event poll failed; backing off', { fleetId, code: err instanceof DaemonError ? err.code : 'Internal', nextInMs: this.deps.intervalMs * p.backoff }, err instanceof DaemonError ? undefined : err);
    }
    p.lastPolledAt = Date.now();
    this.schedule(p, this.deps.intervalMs * p.backoff);
  }

  /** Events newer than the newest seen, oldest first. */
  private async newEvents(ctx: CallContext, p: Poller): Promise<Event[]> {
    const since = p.lastSeen === undefined ? undefined : p.lastSeen - OVERLAP_MS;
    const raw: Event[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await describeFleetEvents(ctx, this.deps.links, p.setting.fleetId, { since, nextToken });
      raw.push(...out.raw);
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    const news = raw
      .filter((e) => e.EventId && !p.seen.has(e.EventId) && (since === undefined || (e.EventTime?.getTime() ?? 0) >= since))
      .sort((a, b) => (a.EventTime?.getTime() ?? 0) - (b.EventTime?.getTime() ?? 0));
    for (const e of news) {
      const time = e.EventTime?.getTime() ?? 0;
      p.seen.set(e.EventId!, time);
      if (p.lastSeen === undefined || time > p.lastSeen) p.lastSeen = time;
    }
    for (const [id, time] of p.seen) if (p.lastSeen !== undefined && time < p.lastSeen - 2 * OVERLAP_MS) p.seen.delete(id);
    return news;
  }

  private announce(p: Poller, news: Event[]): void {
    const alerts = news.filter((e) => ALERT_CODES.has(String(e.EventCode)));
    if (alerts.length === 0) return;
    const fleetId = p.setting.fleetId;
    const name = p.name;
    for (const e of alerts.slice(0, MAX_NOTIFICATIONS)) {
      const code = String(e.EventCode);
      const computeName = computeInMessage(e.Message ?? '');
      this.deps.log.info('events', 'fleet event', { fleetId, eventId: e.EventId, code, computeName });
      this.deps.events.emit('notification', {
        kind: 'fleet-event',
        title: `${label(code)} on ${name}`,
        body: (e.Message ?? code).slice(0, 1000),
        fleetId,
        eventId: e.EventId!,
        eventCode: code,
        ...(computeName ? { computeName } : {}),
      });
    }
    const rest = alerts.length - MAX_NOTIFICATIONS;
    if (rest > 0) {
      this.deps.events.emit('notification', {
        kind: 'fleet-event',
        title: `${rest} more crashes or failures on ${name}`,
        body: `See the fleet's events: gamelift-connect events ${fleetId}`,
        fleetId,
      });
    }
  }
}
