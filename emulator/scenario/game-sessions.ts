// Game sessions and player sessions: built from the scenario (times relative to start-up, so the
// sandbox always looks live), each on a real compute of its fleet location. TerminateGameSession
// is the one change: TERMINATING now, TERMINATED (with the mode's StatusReason) a little later.
import type { Scenario } from './schema';
import type { FleetRecord, World } from './world';

export type GameSessionStatus = 'ACTIVE' | 'ACTIVATING' | 'TERMINATED' | 'TERMINATING' | 'ERROR';
export type GameSessionStatusReason = 'INTERRUPTED' | 'TRIGGERED_ON_PROCESS_TERMINATE' | 'FORCE_TERMINATED';
export type PlayerSessionStatus = 'RESERVED' | 'ACTIVE' | 'COMPLETED' | 'TIMEDOUT';
type ScenarioGameSession = Scenario['gameSessions'][number];

export interface PlayerSessionRecord {
  playerSessionId: string;
  playerId: string;
  status: PlayerSessionStatus;
  creationTime: number;
  terminationTime: number | undefined;
  playerData: string | undefined;
  gameSession: GameSessionRecord;
}

export interface GameSessionRecord {
  /** The full ARN, which is the GameSessionId. */
  arn: string;
  fleet: FleetRecord;
  location: string;
  computeName: string;
  spec: ScenarioGameSession;
  status: GameSessionStatus;
  statusReason: GameSessionStatusReason | undefined;
  creationTime: number;
  terminationTime: number | undefined;
  players: PlayerSessionRecord[];
  /** Ended by a crash of its server process. */
  crashed: boolean;
  /** While TERMINATING: when it becomes TERMINATED, and why. */
  ending: { at: number; reason: GameSessionStatusReason } | undefined;
}

/** Where a game session's compute is: its IP address and DNS name (the compute's). */
export interface ComputeAddress {
  ipAddress: string | undefined;
  dnsName: string | undefined;
}

/**
 * The GameSessionId ARN: `arn:aws:gamelift:<home Region>::gamesession/<fleet ID>/<ID>` in the home
 * Region, `…/<fleet ID>/<location>/<ID>` in a remote (or Anywhere custom) location.
 */
export function gameSessionArn(homeRegion: string, fleetId: string, location: string, id: string): string {
  return `arn:aws:gamelift:${homeRegion}::gamesession/${fleetId}/${location === homeRegion ? '' : `${location}/`}${id}`;
}

const MINUTE = 60_000;
const LIVE = new Set<PlayerSessionStatus>(['ACTIVE', 'RESERVED']);

export class GameSessionStore {
  private readonly list: GameSessionRecord[] = [];
  private readonly byArn = new Map<string, GameSessionRecord>();

  constructor(
    world: World,
    scenario: Scenario,
    startedAt: number,
  ) {
    const ago = (minutes: number) => startedAt - minutes * MINUTE;
    for (const spec of scenario.gameSessions) {
      const fleet = world.fleet(spec.fleetId)!;
      const terminationTime = spec.endedMinutesAgo === undefined ? undefined : ago(spec.endedMinutesAgo);
      const record: GameSessionRecord = {
        arn: gameSessionArn(world.region, fleet.spec.fleetId, spec.location, spec.id),
        fleet,
        location: spec.location,
        computeName: spec.computeName,
        spec,
        status: spec.status,
        statusReason: spec.statusReason,
        creationTime: ago(spec.startedMinutesAgo),
        terminationTime,
        players: [],
        crashed: spec.crashed,
        ending: undefined,
      };
      record.players = spec.players.map((p) => {
        const creationTime = ago(p.joinedMinutesAgo);
        const left = LIVE.has(p.status) ? undefined : p.leftMinutesAgo !== undefined ? ago(p.leftMinutesAgo) : (terminationTime ?? creationTime + MINUTE);
        return { playerSessionId: p.playerSessionId, playerId: p.playerId, status: p.status, creationTime, terminationTime: left, playerData: p.playerData, gameSession: record };
      });
      this.list.push(record);
      this.byArn.set(record.arn, record);
    }
  }

  /** Every game session, in scenario order, with pending terminations applied as of `now`. */
  all(now: number): readonly GameSessionRecord[] {
    for (const g of this.list) settle(g, now);
    return this.list;
  }

  get(arn: string, now: number): GameSessionRecord | undefined {
    const g = this.byArn.get(arn);
    if (g) settle(g, now);
    return g;
  }

  /** Starts ending a game session: TERMINATING until `at`, then TERMINATED for `reason`. */
  terminate(g: GameSessionRecord, at: number, reason: GameSessionStatusReason): void {
    g.status = 'TERMINATING';
    g.ending = { at, reason };
  }

  /** The server process died: the session is TERMINATED at `at` with no StatusReason (none fits a crash). */
  crash(g: GameSessionRecord, at: number): void {
    g.ending = undefined;
    g.status = 'TERMINATED';
    g.statusReason = undefined;
    g.crashed = true;
    g.terminationTime = at;
    for (const p of g.players) {
      if (!LIVE.has(p.status)) continue;
      p.status = 'COMPLETED';
      p.terminationTime = at;
    }
  }

  /** The compute the game session runs on, as ListCompute shows it. */
  address(g: GameSessionRecord): ComputeAddress {
    for (const l of g.fleet.locations) {
      if (l.location !== g.location) continue;
      for (const i of l.instances) {
        if (i.instanceId === g.computeName || i.computes.some((c) => c.name === g.computeName)) return { ipAddress: i.ipAddress, dnsName: i.dnsName };
      }
      const anywhere = l.anywhereComputes.find((c) => c.name === g.computeName);
      if (anywhere) return { ipAddress: anywhere.ipAddress, dnsName: anywhere.dnsName };
    }
    // The scenario check places every game session on a compute of its location.
    return { ipAddress: undefined, dnsName: undefined };
  }
}

/** Players currently in a game session: those ACTIVE or holding a reserved slot. */
export const currentPlayers = (g: GameSessionRecord) => g.players.filter((p) => LIVE.has(p.status)).length;

function settle(g: GameSessionRecord, now: number): void {
  if (!g.ending || now < g.ending.at) return;
  g.status = 'TERMINATED';
  g.statusReason = g.ending.reason;
  g.terminationTime = g.ending.at;
  for (const p of g.players) {
    if (!LIVE.has(p.status)) continue;
    p.status = 'COMPLETED';
    p.terminationTime = g.ending.at;
  }
  g.ending = undefined;
}
