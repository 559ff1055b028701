// A fleet's game sessions (DescribeGameSessions, paged as AWS pages, per location), one game
// session by ID, and TerminateGameSession. Each game session names its compute: GameSession.ComputeName
// where GameLift gives it, else the compute or instance whose address it runs on (older fleets).
import { DescribeGameSessionsCommand, TerminateGameSessionCommand, type GameSession as AwsGameSession } from '@aws-sdk/client-gamelift';
import type { Fleet, GameSession, Target } from '../../../preload/contract';
import type { Discovery } from '../discovery/discovery';
import { mapAwsError } from '../aws/errors';
import { DaemonError } from '../errors';
import { mapLimited } from '../util/paginate';
import { awsCall, toGameSession, type CallContext } from './model';

/** DescribeGameSessions page size. */
const PAGE = 100;
/** Concurrent calls per request: well inside GameLift's 30/s for Describe operations. */
export const CONCURRENCY = 4;

/** The game sessions of one fleet location, newest first, at most `max` (pages of 100, as AWS pages). */
export async function describeFleetGameSessions(
  ctx: CallContext,
  fleetId: string,
  location: string | undefined,
  status: string | undefined,
  max: number,
): Promise<{ sessions: AwsGameSession[]; truncated: boolean }> {
  const sessions: AwsGameSession[] = [];
  let token: string | undefined;
  do {
    const out = await awsCall(ctx, 'DescribeGameSessions', { fleetId }, () =>
      ctx.client.send(
        new DescribeGameSessionsCommand({
          FleetId: fleetId,
          ...(location ? { Location: location } : {}),
          ...(status ? { StatusFilter: status } : {}),
          Limit: Math.min(PAGE, max - sessions.length),
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    sessions.push(...(out.GameSessions ?? []));
    token = out.NextToken && out.NextToken !== token ? out.NextToken : undefined;
  } while (token && sessions.length < max);
  return { sessions, truncated: token !== undefined };
}

/** One game session by its ARN; null when GameLift does not know it. */
export async function describeGameSession(ctx: CallContext, gameSessionId: string): Promise<AwsGameSession | null> {
  try {
    const out = await ctx.client.send(new DescribeGameSessionsCommand({ GameSessionId: gameSessionId }));
    return out.GameSessions?.[0] ?? null;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFoundException') return null;
    throw mapAwsError(err, { service: 'gamelift', operation: 'DescribeGameSessions', gameSessionId, region: ctx.region, profile: ctx.profile });
  }
}

/**
 * The compute a game session runs on: GameSession.ComputeName (EC2 SDK 5, containers, Anywhere),
 * else the target of its location with its IP address or DNS name (older fleets), from discovery.
 */
export async function computeOf(discovery: Discovery, g: AwsGameSession): Promise<Target | undefined> {
  if (!g.FleetId) return undefined;
  const location = g.Location;
  if (g.ComputeName) {
    return { fleetId: g.FleetId, computeName: g.ComputeName, location: location ?? '', status: '', os: 'unknown' };
  }
  if (!g.IpAddress && !g.DnsName) return undefined;
  const targets = await discovery.listTargets(g.FleetId, location).catch(() => [] as Target[]);
  return targets.find((t) => (g.IpAddress && t.ipAddress === g.IpAddress) || (g.DnsName && t.dnsName?.toLowerCase() === g.DnsName.toLowerCase()));
}

export async function withCompute(discovery: Discovery, g: AwsGameSession): Promise<GameSession> {
  return toGameSession(g, g.ComputeName ? undefined : (await computeOf(discovery, g))?.computeName);
}

export interface ListGameSessionsInput {
  fleetId: string;
  computeName?: string | undefined;
  location?: string | undefined;
  status?: string | undefined;
  limit?: number | undefined;
}

/** listGameSessions: newest first; on one compute (its location found through discovery), in one location, or all. */
export async function listGameSessions(ctx: CallContext, discovery: Discovery, input: ListGameSessionsInput): Promise<{ gameSessions: GameSession[]; truncated: boolean }> {
  const fleet: Fleet = await discovery.getFleet(input.fleetId);
  const max = input.limit ?? 200;
  let locations: string[];
  let target: Target | undefined;
  if (input.computeName) {
    target = (await discovery.getTarget(fleet.fleetId, input.computeName)).target;
    if (input.location && target.location !== input.location) {
      throw new DaemonError('NotFound', `Compute ${input.computeName} is in ${target.location}, not ${input.location}.`);
    }
    locations = [target.location];
  } else if (input.location) {
    if (!fleet.locations.includes(input.location)) {
      throw new DaemonError('NotFound', `Fleet ${fleet.fleetId} has no location ${input.location}.`, `Its locations: ${fleet.locations.join(', ')}.`);
    }
    locations = [input.location];
  } else {
    locations = fleet.locations;
  }
  // A compute's sessions are found among its location's (DescribeGameSessions has no compute filter):
  // read the whole location then, and cut to `max` after filtering.
  const perLocation = await mapLimited(locations, CONCURRENCY, (loc) =>
    describeFleetGameSessions(ctx, fleet.fleetId, loc, input.status, target ? 10_000 : max),
  );
  const sessions = perLocation.flatMap((p) => p.sessions);
  let truncated = perLocation.some((p) => p.truncated);
  const named = await mapLimited(sessions, CONCURRENCY, (g) => withCompute(discovery, g));
  let result = named;
  if (target) {
    const t = target;
    result = named.filter((g) => g.computeName === t.computeName || g.computeName === t.instanceId || (!g.computeName && t.ipAddress && g.ipAddress === t.ipAddress));
  }
  result.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  if (result.length > max) {
    result = result.slice(0, max);
    truncated = true;
  }
  return { gameSessions: result, truncated };
}

/** TerminateGameSession; GameLift's refusals (SDK 4, already ended, FORCE on Anywhere) come back as ApiErrors. */
export async function terminateGameSession(ctx: CallContext, discovery: Discovery, gameSessionId: string, mode: 'graceful' | 'force'): Promise<GameSession> {
  const TerminationMode = mode === 'force' ? 'FORCE_TERMINATE' : 'TRIGGER_ON_PROCESS_TERMINATE';
  const out = await awsCall(ctx, 'TerminateGameSession', { gameSessionId }, () => ctx.client.send(new TerminateGameSessionCommand({ GameSessionId: gameSessionId, TerminationMode })));
  if (!out.GameSession) throw new DaemonError('Internal', `TerminateGameSession answered without the game session ${gameSessionId}.`);
  return withCompute(discovery, out.GameSession);
}
