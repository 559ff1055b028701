// Game sessions, player sessions and the logs of ended sessions: DescribeGameSessions,
// DescribeGameSessionDetails, SearchGameSessions, DescribePlayerSessions, TerminateGameSession and
// GetGameSessionLogUrl, following the API reference's rules (see docs/emulator.md for the choices
// made where it is silent).
import { AwsError, invalidRequest, notFound } from '../core/aws-error';
import { timestamp, type EmulatorClock } from '../core/clock';
import type { Paginator } from '../core/pagination';
import type { Operation } from '../core/service-endpoint';
import type { LogStore } from '../logs/log-store';
import { zip } from '../logs/zip';
import { currentPlayers, type GameSessionRecord, type GameSessionStatusReason, type PlayerSessionRecord } from '../scenario/game-sessions';
import type { FleetRecord, World } from '../scenario/world';
import { requireFleet } from './lookup';
import { matches, parseFilter, parseSort, sortBy, type Searchable } from './search-expression';

type Input = Record<string, unknown>;
const str = (input: Input, key: string) => input[key] as string | undefined;

const DEFAULT_PAGE = 100;
/** SearchGameSessions returns at most 20 per page, "even if this value is not set or is set higher". */
const SEARCH_PAGE = 20;
/** Game session logs are kept 14 days after the session ends. */
export const LOG_RETENTION_MS = 14 * 86_400_000;
const GAME_SESSION_STATUSES = ['ACTIVE', 'ACTIVATING', 'TERMINATED', 'TERMINATING', 'ERROR'];
const PLAYER_SESSION_STATUSES = ['RESERVED', 'ACTIVE', 'COMPLETED', 'TIMEDOUT'];

export interface GameSessionSettings {
  /** Emulated ms a terminated game session stays TERMINATING before it is TERMINATED. */
  terminationDelayMs: number;
}

export const DEFAULT_TERMINATION_DELAY_MS = 5_000;

export function gameSessionOperations(world: World, pages: Paginator, clock: EmulatorClock, logs: LogStore, settings: () => GameSessionSettings): Record<string, Operation> {
  const store = world.gameSessions;
  const now = () => clock.now();

  /** FleetId or AliasId (exactly one), resolved to a fleet. */
  const fleetOf = (input: Input): FleetRecord => {
    const fleetId = str(input, 'FleetId');
    const aliasId = str(input, 'AliasId');
    if (fleetId !== undefined && aliasId !== undefined) throw invalidRequest('Specify either FleetId or AliasId, not both.');
    if (fleetId !== undefined) return requireFleet(world, fleetId);
    if (aliasId === undefined) throw invalidRequest('A FleetId or an AliasId is required.');
    const alias = world.alias(aliasId);
    if (!alias) throw notFound(`Alias ${aliasId} not found.`);
    if (alias.routingStrategy.type === 'TERMINAL') throw new AwsError('TerminalRoutingStrategyException', alias.routingStrategy.message);
    return requireFleet(world, alias.routingStrategy.fleetId);
  };

  const locationFilter = (fleet: FleetRecord, location: string | undefined) => {
    if (location !== undefined && !fleet.locations.some((l) => l.location === location)) {
      throw invalidRequest(`Location ${location} is not a location of fleet ${fleet.spec.fleetId}.`);
    }
    return (g: GameSessionRecord) => location === undefined || g.location === location;
  };

  const requireSession = (arn: string): GameSessionRecord => {
    const g = store.get(arn, now());
    if (!g) throw notFound(`Game session ${arn} not found.`);
    return g;
  };

  /** The sessions DescribeGameSessions and DescribeGameSessionDetails select. */
  const describe = (input: Input, op: string) => {
    const id = str(input, 'GameSessionId');
    const status = str(input, 'StatusFilter');
    if (status !== undefined && !GAME_SESSION_STATUSES.includes(status)) {
      throw invalidRequest(`Invalid StatusFilter ${status}: valid game session statuses are ${GAME_SESSION_STATUSES.join(', ')}.`);
    }
    let sessions: readonly GameSessionRecord[];
    let query: unknown[];
    if (id !== undefined) {
      if (str(input, 'FleetId') !== undefined || str(input, 'AliasId') !== undefined) throw invalidRequest('Specify a GameSessionId, or a FleetId or AliasId, not both.');
      sessions = [requireSession(id)];
      query = [op, id];
    } else {
      const fleet = fleetOf(input);
      const location = str(input, 'Location');
      const inLocation = locationFilter(fleet, location);
      sessions = store.all(now()).filter((g) => g.fleet === fleet && inLocation(g));
      query = [op, fleet.spec.fleetId, location, status];
    }
    const selected = sessions.filter((g) => status === undefined || g.status === status);
    return pages.page(selected, query, (input.Limit as number | undefined) ?? DEFAULT_PAGE, input.NextToken as string | undefined);
  };

  const render = (g: GameSessionRecord) => {
    const address = store.address(g);
    const spec = g.spec;
    return {
      GameSessionId: g.arn,
      Name: spec.name,
      FleetId: g.fleet.spec.fleetId,
      FleetArn: g.fleet.arn,
      CreationTime: timestamp(g.creationTime),
      ...(g.terminationTime !== undefined ? { TerminationTime: timestamp(g.terminationTime) } : {}),
      CurrentPlayerSessionCount: currentPlayers(g),
      MaximumPlayerSessionCount: spec.maximumPlayerSessionCount,
      Status: g.status,
      ...(g.statusReason ? { StatusReason: g.statusReason } : {}),
      GameProperties: spec.gameProperties.map((p) => ({ Key: p.Key, Value: p.Value })),
      IpAddress: address.ipAddress,
      DnsName: address.dnsName,
      Port: spec.port,
      PlayerSessionCreationPolicy: spec.playerSessionCreationPolicy,
      CreatorId: spec.creatorId,
      GameSessionData: spec.gameSessionData,
      MatchmakerData: spec.matchmakerData,
      Location: g.location,
      ComputeName: g.computeName,
      PlayerGatewayStatus: 'DISABLED',
    };
  };

  const renderPlayer = (p: PlayerSessionRecord) => {
    const g = p.gameSession;
    const address = store.address(g);
    return {
      PlayerSessionId: p.playerSessionId,
      PlayerId: p.playerId,
      GameSessionId: g.arn,
      FleetId: g.fleet.spec.fleetId,
      FleetArn: g.fleet.arn,
      CreationTime: timestamp(p.creationTime),
      ...(p.terminationTime !== undefined ? { TerminationTime: timestamp(p.terminationTime) } : {}),
      Status: p.status,
      IpAddress: address.ipAddress,
      DnsName: address.dnsName,
      Port: g.spec.port,
      PlayerData: p.playerData,
    };
  };

  const searchable = (g: GameSessionRecord): Searchable => ({
    gameSessionId: g.arn,
    gameSessionName: g.spec.name,
    // Keys with a period cannot be searched (the API reference's note).
    gameSessionProperties: Object.fromEntries(g.spec.gameProperties.filter((p) => !p.Key.includes('.')).map((p) => [p.Key, p.Value])),
    maximumSessions: g.spec.maximumPlayerSessionCount,
    creationTimeMillis: g.creationTime,
    playerSessionCount: currentPlayers(g),
    hasAvailablePlayerSessions: g.spec.playerSessionCreationPolicy === 'ACCEPT_ALL' && currentPlayers(g) < g.spec.maximumPlayerSessionCount,
  });

  return {
    DescribeGameSessions(input) {
      const page = describe(input, 'DescribeGameSessions');
      return { GameSessions: page.items.map(render), NextToken: page.nextToken };
    },

    DescribeGameSessionDetails(input) {
      const page = describe(input, 'DescribeGameSessionDetails');
      return { GameSessionDetails: page.items.map((g) => ({ GameSession: render(g), ProtectionPolicy: g.spec.protectionPolicy })), NextToken: page.nextToken };
    },

    SearchGameSessions(input) {
      const fleet = fleetOf(input);
      const location = str(input, 'Location');
      const inLocation = locationFilter(fleet, location);
      const filterText = str(input, 'FilterExpression');
      const sortText = str(input, 'SortExpression');
      const filter = filterText === undefined ? undefined : parseFilter(filterText);
      const sort = sortText === undefined ? undefined : parseSort(sortText);
      // Search finds ACTIVE game sessions only.
      let found = store.all(now()).filter((g) => g.fleet === fleet && g.status === 'ACTIVE' && inLocation(g) && (!filter || matches(filter, searchable(g))));
      if (sort) found = sortBy(found, sort, searchable);
      const limit = Math.min((input.Limit as number | undefined) ?? SEARCH_PAGE, SEARCH_PAGE);
      const page = pages.page(found, ['SearchGameSessions', fleet.spec.fleetId, location, filterText, sortText], limit, input.NextToken as string | undefined);
      return { GameSessions: page.items.map(render), NextToken: page.nextToken };
    },

    DescribePlayerSessions(input) {
      const playerSessionId = str(input, 'PlayerSessionId');
      const playerId = str(input, 'PlayerId');
      const gameSessionId = str(input, 'GameSessionId');
      const given = [playerSessionId, playerId, gameSessionId].filter((x) => x !== undefined).length;
      if (given === 0) throw invalidRequest('Specify a PlayerSessionId, a PlayerId or a GameSessionId.');
      if (given > 1) throw invalidRequest('Specify only one of PlayerSessionId, PlayerId and GameSessionId.');
      const status = str(input, 'PlayerSessionStatusFilter');
      if (status !== undefined && !PLAYER_SESSION_STATUSES.includes(status)) {
        throw invalidRequest(`Invalid PlayerSessionStatusFilter ${status}: valid player session statuses are ${PLAYER_SESSION_STATUSES.join(', ')}.`);
      }
      const everyone = () => store.all(now()).flatMap((g) => g.players);
      if (playerSessionId !== undefined) {
        // Limit, NextToken and the status filter are ignored for a player session ID.
        const found = everyone().find((p) => p.playerSessionId === playerSessionId);
        if (!found) throw notFound(`Player session ${playerSessionId} not found.`);
        return { PlayerSessions: [renderPlayer(found)] };
      }
      let sessions: PlayerSessionRecord[];
      if (playerId !== undefined) {
        // The status filter has no effect with a player ID.
        sessions = everyone().filter((p) => p.playerId === playerId);
      } else {
        sessions = requireSession(gameSessionId!).players.filter((p) => status === undefined || p.status === status);
      }
      const query = ['DescribePlayerSessions', playerId, gameSessionId, playerId === undefined ? status : undefined];
      const page = pages.page(sessions, query, (input.Limit as number | undefined) ?? DEFAULT_PAGE, input.NextToken as string | undefined);
      return { PlayerSessions: page.items.map(renderPlayer), NextToken: page.nextToken };
    },

    TerminateGameSession(input) {
      const g = requireSession(str(input, 'GameSessionId')!);
      const mode = str(input, 'TerminationMode') as 'TRIGGER_ON_PROCESS_TERMINATE' | 'FORCE_TERMINATE';
      if (g.fleet.sdkMajor < 5) {
        throw invalidRequest(`TerminateGameSession requires a game server integrated with server SDK 5.x or later; fleet ${g.fleet.spec.fleetId} runs server SDK ${g.fleet.build?.serverSdkVersion}.`);
      }
      if (mode === 'FORCE_TERMINATE' && g.fleet.spec.type === 'ANYWHERE') {
        throw invalidRequest(`FORCE_TERMINATE is not available for game sessions on Anywhere fleet ${g.fleet.spec.fleetId} unless it is deployed with the Amazon GameLift Servers Agent.`);
      }
      if (g.status === 'TERMINATED' || g.status === 'TERMINATING' || g.status === 'ERROR') {
        throw new AwsError('InvalidGameSessionStatusException', `Game session ${g.arn} is in status ${g.status} and cannot be terminated.`);
      }
      const reason: GameSessionStatusReason = mode === 'FORCE_TERMINATE' ? 'FORCE_TERMINATED' : 'TRIGGERED_ON_PROCESS_TERMINATE';
      store.terminate(g, now() + clock.real(settings().terminationDelayMs), reason);
      return { GameSession: render(g) };
    },

    GetGameSessionLogUrl(input) {
      const g = requireSession(str(input, 'GameSessionId')!);
      if (g.fleet.spec.type !== 'EC2') {
        throw invalidRequest(`GetGameSessionLogUrl is not supported for fleet ${g.fleet.spec.fleetId}: it applies to managed EC2 fleets; ${g.fleet.spec.type === 'CONTAINER' ? 'container fleets send logs to their LogConfiguration destination' : 'Anywhere fleets keep logs on your own hosts'}.`);
      }
      if (g.status !== 'TERMINATED' || g.terminationTime === undefined) throw notFound(`No logs for game session ${g.arn}: logs are stored when a game session ends (status ${g.status}).`);
      if (now() - g.terminationTime > LOG_RETENTION_MS) throw notFound(`No logs for game session ${g.arn}: game session logs are kept for 14 days after the session ends.`);
      const key = gameSessionLogKey(world, g);
      logs.put(key, () => ({ body: zip([{ name: logFileName(g), data: g.spec.log ?? gameSessionLog(g, store.address(g).ipAddress), modified: g.terminationTime! }]), contentType: 'application/zip', lastModified: g.terminationTime! }));
      return { PreSignedUrl: logs.presign(key) };
    },
  };
}

export function gameSessionLogKey(world: World, g: GameSessionRecord): string {
  return `game-sessions/${world.accountId}/${g.fleet.spec.fleetId}/${g.location}/${g.spec.id}.zip`;
}

const logFileName = (g: GameSessionRecord) => (g.fleet.os === 'windows' ? 'GameServer.log' : 'server.log');

/** A plausible server log for a game session, from its own facts. */
export function gameSessionLog(g: GameSessionRecord, ip: string | undefined): string {
  const spec = g.spec;
  const launch = g.fleet.os === 'windows' ? 'C:\\game\\GameServer.exe' : '/local/game/GameServer';
  const at = (ms: number) => new Date(ms).toISOString();
  const start = g.creationTime;
  const lines = [
    `${at(start - 20_000)} INFO  Process started: ${launch} -port ${spec.port} (server SDK ${g.fleet.build?.serverSdkVersion ?? '5.x'})`,
    `${at(start - 19_000)} INFO  InitSDK() succeeded; compute ${g.computeName} in ${g.location}`,
    `${at(start - 18_000)} INFO  ProcessReady() listening on ${ip ?? '0.0.0.0'}:${spec.port}`,
    `${at(start)} INFO  OnStartGameSession: ${g.arn}${spec.name ? ` (${spec.name})` : ''}`,
    `${at(start + 1_000)} INFO  ActivateGameSession() succeeded; up to ${spec.maximumPlayerSessionCount} players`,
  ];
  for (const p of g.players) {
    lines.push(`${at(p.creationTime)} INFO  AcceptPlayerSession(${p.playerSessionId}) player ${p.playerId}`);
    if (p.terminationTime !== undefined) {
      lines.push(`${at(p.terminationTime)} INFO  RemovePlayerSession(${p.playerSessionId})${p.status === 'TIMEDOUT' ? ' (player never connected: timed out)' : ''}`);
    }
  }
  const end = g.terminationTime ?? start;
  const endings: Record<string, string[]> = {
    INTERRUPTED: ['WARN  Spot interruption notice: instance reclaimed in 2 minutes', 'INFO  OnProcessTerminate() received; ending game session'],
    TRIGGERED_ON_PROCESS_TERMINATE: ['INFO  OnProcessTerminate() received (TerminateGameSession)', 'INFO  ProcessEnding() called'],
    FORCE_TERMINATED: ['WARN  Process stopped by Amazon GameLift Servers (FORCE_TERMINATE); no shutdown sequence'],
    '': ['INFO  Match over; ProcessEnding() called'],
  };
  if (g.crashed) {
    lines.push(`${at(end)} FATAL Segmentation fault in the game loop; the process exits without calling ProcessEnding()`);
    return `${lines.join('\n')}\n`;
  }
  for (const line of endings[g.statusReason ?? ''] ?? []) lines.push(`${at(end - 1_000)} ${line}`);
  lines.push(`${at(end)} INFO  Process exiting`);
  return `${lines.join('\n')}\n`;
}
