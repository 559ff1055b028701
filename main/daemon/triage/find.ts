// find: from what a player or a crash report gives (a game session ID or ARN, a player session ID,
// a player ID, an IP address or DNS name, a fleet or a compute) to the fleet, location, compute and
// port, ready to connect. The text's shape says what it is where it can (the model's ID patterns);
// only a bare game session ID, a compute name or an address needs a search across fleets and
// locations, and that search is bounded: a few calls at a time, at most MAX_PROBES fleet locations,
// a deadline; whatever was not searched makes the answer `partial`, with notes saying what.
import { DescribePlayerSessionsCommand, SearchGameSessionsCommand, type GameSession as AwsGameSession, type PlayerSession } from '@aws-sdk/client-gamelift';
import type { Fleet, FindKind, FindMatch, Target } from '../../../preload/contract';
import type { Discovery } from '../discovery/discovery';
import { DaemonError } from '../errors';
import { mapLimited } from '../util/paginate';
import { computeOf, CONCURRENCY, describeFleetGameSessions, describeGameSession } from './game-sessions';
import { awsCall, gameSessionArn, parseGameSessionArn, toGameSession, type CallContext } from './model';

/** Fleet locations (or fleets, for a compute) one search may probe. */
export const MAX_PROBES = 100;
/** A search stops starting new probes after this long. */
export const FIND_DEADLINE_MS = 20_000;
/** Game sessions of one player described at most (their latest). */
const MAX_PLAYER_GAME_SESSIONS = 20;
/** Computes whose game sessions an address search lists. */
const MAX_ADDRESS_TARGETS = 5;

export interface FindResult {
  text: string;
  searchedAs: FindKind[];
  matches: FindMatch[];
  partial: boolean;
  notes: string[];
}

export interface FindOptions {
  maxProbes?: number;
  deadlineMs?: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;
const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$/;
const FLEET_ID = /^[a-z]*fleet-[a-zA-Z0-9-]+$/;
const FLEET_ARN = /^arn:.*:[a-z]*fleet\/([a-z]*fleet-[a-zA-Z0-9-]+)$/;
const COMPUTE_ARN = /^arn:.*:compute\/(?:([a-z]*fleet-[a-zA-Z0-9-]+)\/)?([a-zA-Z0-9-]+)$/;
const COMPUTE_NAME = /^[a-zA-Z0-9-]{1,1024}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const PLAYER_SESSION_ID = /^psess-\S{1,122}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A bare game session ID: GameLift's own (gsess-…, as IdempotencyToken examples show) or a UUID. */
const BARE_GAME_SESSION = /^gsess-[a-zA-Z0-9-]+$/;

/** What the text may be, most specific first: a shape that names one kind is searched as that kind alone. */
export function recognise(text: string): FindKind[] {
  if (parseGameSessionArn(text)) return ['game-session'];
  if (PLAYER_SESSION_ID.test(text)) return ['player-session'];
  if (FLEET_ID.test(text) || FLEET_ARN.test(text)) return ['fleet'];
  if (COMPUTE_ARN.test(text) || INSTANCE_ID.test(text)) return ['compute'];
  if (IPV4.test(text) || (text.includes(':') && IPV6.test(text)) || DNS_NAME.test(text)) return ['address'];
  if (BARE_GAME_SESSION.test(text)) return ['game-session'];
  if (UUID.test(text)) return ['game-session', 'player'];
  // Anything else may be a fleet's name (free: the fleets are listed anyway), a player ID, or a compute's name.
  return COMPUTE_NAME.test(text) ? ['fleet', 'player', 'compute'] : ['fleet', 'player'];
}

/** The IPv4 address an EC2 public DNS name spells (ec2-198-51-100-11.us-west-2.compute.amazonaws.com). */
const ipOfEc2Name = (name: string): string | undefined => /^ec2-(\d+)-(\d+)-(\d+)-(\d+)\./i.exec(name)?.slice(1, 5).join('.');

class Search {
  partial = false;
  readonly notes: string[] = [];
  private readonly deadline: number;
  readonly maxProbes: number;

  constructor(opts: FindOptions) {
    this.deadline = Date.now() + (opts.deadlineMs ?? FIND_DEADLINE_MS);
    this.maxProbes = opts.maxProbes ?? MAX_PROBES;
  }

  note(text: string): void {
    if (!this.notes.includes(text) && this.notes.length < 20) this.notes.push(text);
  }

  /** A failure of one probe: the search goes on without it, and says so. */
  missed(where: string, err: unknown): void {
    this.partial = true;
    this.note(`${where} was not searched: ${err instanceof DaemonError ? err.message : 'an unexpected error (see the daemon log)'}`);
  }

  /**
   * fn over items, CONCURRENCY at a time, at most maxProbes of them and none after the deadline
   * (or once `done()` says the answer is found); skipped items make the search partial.
   */
  async probe<T>(what: string, items: readonly T[], label: (item: T) => string, fn: (item: T) => Promise<void>, done: () => boolean = () => false): Promise<void> {
    const taken = items.slice(0, this.maxProbes);
    let skipped = items.length - taken.length;
    let timedOut = false;
    await mapLimited(taken, CONCURRENCY, async (item) => {
      if (done()) return;
      if (Date.now() > this.deadline) {
        skipped++;
        timedOut = true;
        return;
      }
      try {
        await fn(item);
      } catch (err) {
        this.missed(label(item), err);
      }
    });
    if (skipped > 0 && !done()) {
      this.partial = true;
      const why = timedOut ? 'the search ran out of time' : `one search probes at most ${this.maxProbes}`;
      this.note(`${skipped} of ${items.length} ${what} were not searched (${why}); name the fleet or the kind of ID to narrow it.`);
    }
  }
}

export async function find(ctx: CallContext, discovery: Discovery, text: string, kind?: FindKind, opts: FindOptions = {}): Promise<FindResult> {
  const kinds = kind ? [kind] : recognise(text);
  const search = new Search(opts);
  const matches: FindMatch[] = [];
  let fleets: Fleet[] = [];
  try {
    fleets = await discovery.listFleets();
  } catch (err) {
    // A game session, player session or player is still found without the fleet list; fleet-wide searches are not.
    search.missed('The fleet list', err);
  }
  const fleetById = new Map(fleets.map((f) => [f.fleetId, f]));
  const finder = new Finder(ctx, discovery, search, fleets, fleetById, matches);
  // A kind that fails (a refused call) leaves the others searched; when every kind failed, that is the answer.
  const failures: unknown[] = [];
  for (const k of kinds) {
    try {
      await finder.run(k, text);
    } catch (err) {
      failures.push(err);
      search.missed(`"${text}" as ${k}`, err);
    }
  }
  if (failures.length === kinds.length && matches.length === 0) throw failures[0];
  // One match per game session, compute or fleet.
  const seen = new Set<string>();
  const unique = matches.filter((m) => {
    const key = m.gameSession?.gameSessionId ?? `${m.fleetId}|${m.computeName ?? ''}|${m.playerSession?.playerSessionId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0 && !search.partial) {
    search.note(`Nothing matched "${text}" as ${kinds.join(' or ')} in ${ctx.region}.`);
    if (!kind) search.note('A running game session can also be found by its name: kind game-session-name (--kind game-session-name).');
  }
  return { text, searchedAs: kinds, matches: unique, partial: search.partial, notes: search.notes };
}

class Finder {
  constructor(
    private readonly ctx: CallContext,
    private readonly discovery: Discovery,
    private readonly search: Search,
    private readonly fleets: Fleet[],
    private readonly fleetById: Map<string, Fleet>,
    private readonly matches: FindMatch[],
  ) {}

  async run(kind: FindKind, text: string): Promise<void> {
    switch (kind) {
      case 'game-session':
        return parseGameSessionArn(text) ? this.gameSessionByArn(text) : this.gameSessionById(text);
      case 'player-session':
        return this.playerSession(text);
      case 'player':
        return this.player(text);
      case 'fleet':
        return this.fleet(text);
      case 'compute':
        return this.compute(text);
      case 'address':
        return this.address(text);
      case 'game-session-name':
        return this.gameSessionByName(text);
    }
  }

  /** Fleet locations in search order: ACTIVE fleets first. */
  private fleetLocations(): Array<{ fleet: Fleet; location: string }> {
    const ordered = [...this.fleets].sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE'));
    return ordered.flatMap((fleet) => fleet.locations.map((location) => ({ fleet, location })));
  }

  private async gameSessionMatch(g: AwsGameSession, matchedAs: FindKind, player?: PlayerSession): Promise<void> {
    const fleet = g.FleetId ? this.fleetById.get(g.FleetId) : undefined;
    const target = await computeOf(this.discovery, g);
    const session = toGameSession(g, target?.computeName);
    this.matches.push({
      matchedAs,
      fleetId: session.fleetId,
      ...(fleet ? { fleetName: fleet.name } : {}),
      location: session.location,
      ...(session.computeName ? { computeName: session.computeName } : {}),
      status: session.status,
      ...(session.ipAddress ? { ipAddress: session.ipAddress } : {}),
      ...(session.dnsName ? { dnsName: session.dnsName } : {}),
      ...(session.port !== undefined ? { port: session.port } : {}),
      gameSession: session,
      ...(player?.PlayerSessionId
        ? { playerSession: { playerSessionId: player.PlayerSessionId, ...(player.PlayerId ? { playerId: player.PlayerId } : {}), ...(player.Status ? { status: String(player.Status) } : {}) } }
        : {}),
      ...(fleet && session.computeName
        ? { connect: { fleetId: fleet.fleetId, computeName: session.computeName, os: fleet.os, access: fleet.access, ...(session.port !== undefined ? { port: session.port } : {}) } }
        : {}),
    });
  }

  private targetMatch(fleet: Fleet, t: Target, matchedAs: FindKind): void {
    this.matches.push({
      matchedAs,
      fleetId: fleet.fleetId,
      fleetName: fleet.name,
      location: t.location,
      computeName: t.computeName,
      status: t.status,
      ...(t.ipAddress ? { ipAddress: t.ipAddress } : {}),
      ...(t.dnsName ? { dnsName: t.dnsName } : {}),
      connect: { fleetId: fleet.fleetId, computeName: t.computeName, os: t.os, access: fleet.access },
    });
  }

  private async gameSessionByArn(arn: string): Promise<void> {
    const parsed = parseGameSessionArn(arn)!;
    if (parsed.region !== this.ctx.region) {
      this.search.note(`Game session ${parsed.id} belongs to a fleet whose home Region is ${parsed.region}; switch the Region to ${parsed.region} to find it.`);
      return;
    }
    const g = await describeGameSession(this.ctx, arn);
    if (g) await this.gameSessionMatch(g, 'game-session');
  }

  /** A bare ID: the ARN it would have in each fleet location, asked for until one answers. */
  private async gameSessionById(id: string): Promise<void> {
    let found = false;
    await this.search.probe(
      'fleet locations',
      this.fleetLocations(),
      ({ fleet, location }) => `${fleet.fleetId} in ${location}`,
      async ({ fleet, location }) => {
        const g = await describeGameSession(this.ctx, gameSessionArn(fleet.homeRegion, fleet.fleetId, location, id));
        if (g && !found) {
          found = true;
          await this.gameSessionMatch(g, 'game-session');
        }
      },
      () => found,
    );
  }

  private async playerSession(id: string): Promise<void> {
    const out = await this.playerSessions({ PlayerSessionId: id });
    for (const p of out.sessions) {
      const g = p.GameSessionId ? await describeGameSession(this.ctx, p.GameSessionId) : null;
      if (g) await this.gameSessionMatch(g, 'player-session', p);
    }
  }

  /** A player's game sessions: where they play now first, then the latest ones. */
  private async player(playerId: string): Promise<void> {
    const out = await this.playerSessions({ PlayerId: playerId }, 2);
    const live = (p: PlayerSession) => Number(p.Status === 'ACTIVE' || p.Status === 'RESERVED');
    const ordered = [...out.sessions].sort((a, b) => live(b) - live(a) || (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0));
    const byGameSession = new Map<string, PlayerSession>();
    for (const p of ordered) if (p.GameSessionId && !byGameSession.has(p.GameSessionId)) byGameSession.set(p.GameSessionId, p);
    const shown = [...byGameSession.entries()].slice(0, MAX_PLAYER_GAME_SESSIONS);
    if (byGameSession.size > shown.length || out.more) {
      this.search.note(`Player ${playerId} has more game sessions than the ${shown.length} latest shown.`);
    }
    const described = await mapLimited(shown, CONCURRENCY, async ([id, p]) => ({ p, g: await describeGameSession(this.ctx, id).catch(() => null) }));
    for (const { p, g } of described) if (g) await this.gameSessionMatch(g, 'player', p);
  }

  /** DescribePlayerSessions (NotFound is no match), up to `pages` pages of 50. */
  private async playerSessions(by: { PlayerSessionId?: string; PlayerId?: string }, pages = 1): Promise<{ sessions: PlayerSession[]; more: boolean }> {
    const sessions: PlayerSession[] = [];
    let token: string | undefined;
    try {
      for (let page = 0; page < pages; page++) {
        const out = await awsCall(this.ctx, 'DescribePlayerSessions', {}, () =>
          this.ctx.client.send(new DescribePlayerSessionsCommand({ ...by, ...(by.PlayerId ? { Limit: 50 } : {}), ...(token ? { NextToken: token } : {}) })),
        );
        sessions.push(...(out.PlayerSessions ?? []));
        token = out.NextToken;
        if (!token) break;
      }
    } catch (err) {
      if (err instanceof DaemonError && err.code === 'NotFound') return { sessions: [], more: false };
      throw err;
    }
    return { sessions, more: token !== undefined };
  }

  /** A fleet by ID or ARN, or by name (case-insensitive: names need not be unique, so every fleet of that name). */
  private async fleet(text: string): Promise<void> {
    if (!FLEET_ID.test(text) && !FLEET_ARN.test(text)) {
      const name = text.toLowerCase();
      for (const fleet of this.fleets.filter((f) => f.name.toLowerCase() === name)) {
        this.matches.push({ matchedAs: 'fleet', fleetId: fleet.fleetId, fleetName: fleet.name, status: fleet.status });
      }
      return;
    }
    const id = FLEET_ARN.exec(text)?.[1] ?? text;
    try {
      const fleet = await this.discovery.getFleet(id);
      this.matches.push({ matchedAs: 'fleet', fleetId: fleet.fleetId, fleetName: fleet.name, status: fleet.status });
    } catch (err) {
      if (!(err instanceof DaemonError && err.code === 'NotFound')) throw err;
    }
  }

  /** A compute name or instance ID: DescribeCompute (or DescribeInstances) in each fleet, or the lists already loaded. */
  private async compute(text: string): Promise<void> {
    const arn = COMPUTE_ARN.exec(text);
    const name = arn ? arn[2]! : text;
    const fleets = arn?.[1] ? this.fleets.filter((f) => f.fleetId === arn[1]) : this.fleets;
    // An instance ID is never a container compute's name, nor an Anywhere compute's.
    const candidates = INSTANCE_ID.test(name) ? fleets.filter((f) => f.kind === 'ec2') : fleets;
    await this.search.probe('fleets', candidates, (f) => f.fleetId, async (fleet) => {
      try {
        const { target } = await this.discovery.getTarget(fleet.fleetId, name);
        this.targetMatch(fleet, target, 'compute');
      } catch (err) {
        // GameLift refuses a compute name its fleet kind does not use (InvalidRequest): no match there either.
        if (err instanceof DaemonError && (err.code === 'NotFound' || err.code === 'InvalidInput')) return;
        throw err;
      }
    });
  }

  /** ACTIVE game sessions with this name (SearchGameSessions, pages of 20, up to 5 per fleet location). */
  private async gameSessionByName(name: string): Promise<void> {
    if (/['"\\]/.test(name)) {
      this.search.note('Game session names with quotes or backslashes cannot be searched for.');
      return;
    }
    const active = this.fleetLocations().filter(({ fleet }) => fleet.status === 'ACTIVE');
    await this.search.probe('fleet locations', active, ({ fleet, location }) => `${fleet.fleetId} in ${location}`, async ({ fleet, location }) => {
      let token: string | undefined;
      for (let page = 0; page < 5; page++) {
        const out = await awsCall(this.ctx, 'SearchGameSessions', { fleetId: fleet.fleetId }, () =>
          this.ctx.client.send(
            new SearchGameSessionsCommand({ FleetId: fleet.fleetId, Location: location, FilterExpression: `gameSessionName = '${name}'`, Limit: 20, ...(token ? { NextToken: token } : {}) }),
          ),
        );
        for (const g of out.GameSessions ?? []) await this.gameSessionMatch(g, 'game-session-name');
        token = out.NextToken;
        if (!token) break;
      }
    });
  }

  /** An address: the computes with it (discovery's cached lists), and the game sessions running on them. */
  private async address(text: string): Promise<void> {
    const lower = text.toLowerCase().replace(/\.$/, '');
    const ip = IPV4.test(text) || text.includes(':') ? text : ipOfEc2Name(lower);
    const found: Array<{ fleet: Fleet; target: Target }> = [];
    await this.search.probe('fleet locations', this.fleetLocations(), ({ fleet, location }) => `${fleet.fleetId} in ${location}`, async ({ fleet, location }) => {
      if (fleet.status !== 'ACTIVE' && fleet.status !== 'ACTIVATING') return; // no computes to hold the address
      const targets = await this.discovery.listTargets(fleet.fleetId, location);
      for (const target of targets) {
        if ((ip && target.ipAddress === ip) || target.dnsName?.toLowerCase() === lower) found.push({ fleet, target });
      }
    });
    for (const [index, { fleet, target }] of found.entries()) {
      if (index >= MAX_ADDRESS_TARGETS) {
        this.targetMatch(fleet, target, 'address');
        continue;
      }
      const before = this.matches.length;
      try {
        const { sessions } = await describeFleetGameSessions(this.ctx, fleet.fleetId, target.location, 'ACTIVE', 1000);
        for (const g of sessions) {
          const onIt = g.ComputeName ? g.ComputeName === target.computeName || g.ComputeName === target.instanceId : g.IpAddress === target.ipAddress;
          if (onIt) await this.gameSessionMatch(g, 'address');
        }
      } catch (err) {
        this.search.missed(`Game sessions on ${target.computeName}`, err);
      }
      if (this.matches.length === before) this.targetMatch(fleet, target, 'address');
    }
  }
}
