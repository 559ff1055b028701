// Each fleet's event log (DescribeFleetEvents): the status changes that brought the fleet to its
// current status, generated from its creation time, plus the scenario's own events (crashes,
// failed activations, interruptions), plus events added while the emulator runs (addEvent, or
// the `liveFleetEvents` knob, which makes new ones appear over time for a poller to find).
import { createHash } from 'node:crypto';
import type { Scenario } from './schema';
import type { FleetRecord, World } from './world';

export interface FleetEventRecord {
  eventId: string;
  fleetId: string;
  resourceId: string;
  eventCode: string;
  message: string;
  /** Real ms. */
  time: number;
  count: number | undefined;
  /** Text served at PreSignedLogUrl; none: the event has no log. */
  log: string | undefined;
}

export interface NewFleetEvent {
  eventCode: string;
  message: string;
  count?: number;
  log?: string;
  /** Default: now. */
  time?: number;
}

/** The `liveFleetEvents` knob: a new event on `fleetId` every `everyMs` (emulated) from when it is set. */
export interface LiveFleetEvents {
  fleetId: string;
  everyMs: number;
  /** Default SERVER_PROCESS_CRASHED. */
  eventCode?: string;
  /** Stop after this many (default: never). */
  max?: number;
}

const MINUTE = 60_000;

// Status changes a managed fleet goes through on creation, with the delay after creation at which
// each happens (the guide: a fleet usually activates within minutes to an hour).
const EC2_CHAIN: [string, string, number][] = [
  ['NEW', 'FLEET_STATE_DOWNLOADING', 0.2],
  ['DOWNLOADING', 'FLEET_STATE_VALIDATING', 3],
  ['VALIDATING', 'FLEET_STATE_BUILDING', 6],
  ['BUILDING', 'FLEET_STATE_ACTIVATING', 11],
  ['ACTIVATING', 'FLEET_STATE_ACTIVE', 19],
];
const CONTAINER_CHAIN: [string, string, number][] = [
  ['PENDING', 'FLEET_STATE_CREATING', 0.2],
  ['CREATING', 'FLEET_STATE_CREATED', 4],
  ['CREATED', 'FLEET_STATE_ACTIVATING', 9],
  ['ACTIVATING', 'FLEET_STATE_ACTIVE', 16],
];

export class FleetEventLog {
  private readonly events = new Map<string, FleetEventRecord[]>();
  private live: (LiveFleetEvents & { since: number; emitted: number }) | undefined;

  constructor(
    private readonly world: World,
    scenario: Scenario,
    startedAt: number,
  ) {
    for (const fleet of world.fleets()) this.events.set(fleet.spec.fleetId, lifecycle(fleet));
    for (const e of scenario.fleetEvents) {
      const fleet = world.fleet(e.fleetId)!;
      const time = e.minutesAgo !== undefined ? startedAt - e.minutesAgo * MINUTE : Date.parse(fleet.spec.creationTime) + e.minutesAfterFleetCreation! * MINUTE;
      this.push(fleet, { eventCode: e.eventCode, message: e.message, count: e.count, log: e.log, time });
    }
    for (const list of this.events.values()) list.sort((a, b) => a.time - b.time);
  }

  /** A fleet's events, oldest first, including live ones due by `now`. */
  of(fleet: FleetRecord, now: number): readonly FleetEventRecord[] {
    this.catchUp(now);
    return this.events.get(fleet.spec.fleetId) ?? [];
  }

  /** Adds an event now (or at `event.time`). */
  add(fleetId: string, event: NewFleetEvent): FleetEventRecord {
    const fleet = this.world.fleet(fleetId);
    if (!fleet) throw new Error(`No fleet ${fleetId} in the scenario`);
    const record = this.push(fleet, { ...event, time: event.time ?? Date.now() });
    this.events.get(fleet.spec.fleetId)!.sort((a, b) => a.time - b.time);
    return record;
  }

  /** Sets (or, with undefined, stops) the live events knob; `toReal` turns emulated ms into real ms. */
  setLive(live: LiveFleetEvents | undefined, now: number, toReal: (ms: number) => number): void {
    if (live && !this.world.fleet(live.fleetId)) throw new Error(`No fleet ${live.fleetId} in the scenario`);
    this.live = live && { ...live, everyMs: toReal(live.everyMs), since: now, emitted: 0 };
  }

  private catchUp(now: number): void {
    const live = this.live;
    if (!live) return;
    const due = Math.min(Math.floor((now - live.since) / live.everyMs), live.max ?? Infinity);
    const fleet = this.world.fleet(live.fleetId)!;
    while (live.emitted < due) {
      live.emitted += 1;
      const time = live.since + live.emitted * live.everyMs;
      const code = live.eventCode ?? 'SERVER_PROCESS_CRASHED';
      const instance = fleet.locations.flatMap((l) => l.instances)[(live.emitted - 1) % Math.max(1, fleet.locations.flatMap((l) => l.instances).length)];
      const where = instance ? ` Instance: ${instance.instanceId}.` : '';
      this.push(fleet, {
        eventCode: code,
        message: code === 'SERVER_PROCESS_CRASHED' ? `Server process exited without calling ProcessEnding(), exit code 139 (live event ${live.emitted}).${where}` : `Live event ${live.emitted} (${code}).${where}`,
        log: `${new Date(time).toISOString()} live event ${live.emitted}: ${code}${where}\n`,
        time,
      });
    }
  }

  private push(fleet: FleetRecord, e: NewFleetEvent & { time: number }): FleetEventRecord {
    const list = this.events.get(fleet.spec.fleetId)!;
    const record: FleetEventRecord = {
      eventId: eventId(fleet.spec.fleetId, list.length, e.eventCode, e.time),
      fleetId: fleet.spec.fleetId,
      resourceId: fleet.spec.fleetId,
      eventCode: e.eventCode,
      message: e.message,
      time: e.time,
      count: e.count,
      log: e.log,
    };
    list.push(record);
    return record;
  }
}

/** A stable UUID-shaped ID per event. */
function eventId(fleetId: string, index: number, code: string, time: number): string {
  const h = createHash('sha256').update(`${fleetId}/${index}/${code}/${time}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** FLEET_CREATED and the status changes up to the fleet's current status. */
function lifecycle(fleet: FleetRecord): FleetEventRecord[] {
  const id = fleet.spec.fleetId;
  const created = Date.parse(fleet.spec.creationTime);
  const make = (code: string, message: string, minutes: number, index: number): FleetEventRecord => ({
    eventId: eventId(id, index, code, created + minutes * MINUTE),
    fleetId: id,
    resourceId: id,
    eventCode: code,
    message,
    time: Math.round(created + minutes * MINUTE),
    count: undefined,
    log: undefined,
  });
  const out = [make('FLEET_CREATED', `Fleet ${id} created.`, 0, 0)];
  const status = fleet.spec.status;
  if (fleet.spec.type === 'ANYWHERE') {
    if (status === 'ACTIVE') out.push(make('FLEET_STATE_ACTIVE', `Fleet ${id} changed state from NEW to ACTIVE.`, 0.1, 1));
    return out;
  }
  const chain = fleet.spec.type === 'CONTAINER' ? CONTAINER_CHAIN : EC2_CHAIN;
  let from = chain[0]![0];
  for (const [prev, code, minutes] of chain) {
    const to = code.slice('FLEET_STATE_'.length);
    // An ERROR fleet got as far as ACTIVATING; its failure events come from the scenario.
    const reached = status === 'ERROR' ? to !== 'ACTIVE' : chain.findIndex(([, c]) => c === `FLEET_STATE_${status}`) >= chain.findIndex(([, c]) => c === code);
    if (!reached) break;
    out.push(make(code, `Fleet ${id} changed state from ${prev} to ${to}.`, minutes, out.length));
    from = to;
  }
  if (status === 'ERROR') out.push(make('FLEET_STATE_ERROR', `Fleet ${id} changed state from ${from} to ERROR.`, 45, out.length));
  return out;
}
