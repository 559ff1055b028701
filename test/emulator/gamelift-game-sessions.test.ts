// Game sessions and player sessions through the AWS SDK v3 GameLift client: what the default
// scenario holds, filters, pagination, the search grammar, termination and its errors, and the
// logs of ended sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeGameSessionDetailsCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  GetGameSessionLogUrlCommand,
  ListComputeCommand,
  SearchGameSessionsCommand,
  TerminateGameSessionCommand,
  paginateDescribeGameSessions,
  paginateDescribePlayerSessions,
  paginateSearchGameSessions,
  type DescribeGameSessionsCommandInput,
  type DescribePlayerSessionsCommandInput,
  type GameSession,
  type GameLiftClient,
  type SearchGameSessionsCommandInput,
} from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';
import { readZip } from './zip-reader';

const UNLIMITED = { burst: 1000, perSecond: 1000 };
const OPS = ['DescribeGameSessions', 'DescribeGameSessionDetails', 'SearchGameSessions', 'DescribePlayerSessions', 'TerminateGameSession', 'GetGameSessionLogUrl', 'ListCompute'];
const unlimited = () => Object.fromEntries(OPS.map((op) => [op, UNLIMITED]));
const MINUTE = 60_000;

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent(), faults: { rateLimits: unlimited(), gameSessionTerminationMs: 300 } });
  gl = gameLift(emu);
});
after(() => emu.close());

const HOME = 'us-west-2';
const gsid = (n: number) => `gsess-1a2b3c4d-${String(n).padStart(4, '0')}-4e5f-8a9b-0c1d2e3f${String(n).padStart(4, '0')}`;
const arn = (fleet: string, n: number, location = HOME) => `arn:aws:gamelift:us-west-2::gamesession/${fleetId(emu, fleet)}/${location === HOME ? '' : `${location}/`}${gsid(n)}`;
const ago = (minutes: number) => new Date(emu.world.startedAt - minutes * MINUTE);
const describeAll = async (input: DescribeGameSessionsCommandInput) => (await gl.send(new DescribeGameSessionsCommand(input))).GameSessions ?? [];

describe('DescribeGameSessions', () => {
  test('by fleet: every location and status, in full shape', async () => {
    const sessions = await describeAll({ FleetId: fleetId(emu, 'arena-linux-sdk5') });
    assert.deepEqual(sessions.map((g) => [g.Name, g.Status, g.StatusReason]), [
      ['ranked-duel-4471', 'ACTIVE', undefined],
      ['casual-ffa-2210', 'ACTIVE', undefined],
      ['ranked-duel-4480', 'ACTIVATING', undefined],
      ['ranked-duel-4402', 'TERMINATED', undefined],
      ['casual-ffa-2188', 'TERMINATED', undefined],
      ['ranked-duel-4390', 'TERMINATED', 'FORCE_TERMINATED'],
      ['ranked-duel-3001', 'TERMINATED', 'TRIGGERED_ON_PROCESS_TERMINATE'],
      ['ranked-duel-4475', 'ERROR', undefined],
    ]);
    const first = sessions[0]!;
    assert.deepEqual(first, {
      GameSessionId: arn('arena-linux-sdk5', 1),
      Name: 'ranked-duel-4471',
      FleetId: fleetId(emu, 'arena-linux-sdk5'),
      FleetArn: `arn:aws:gamelift:us-west-2:111122223333:fleet/${fleetId(emu, 'arena-linux-sdk5')}`,
      CreationTime: ago(37),
      CurrentPlayerSessionCount: 4,
      MaximumPlayerSessionCount: 8,
      Status: 'ACTIVE',
      GameProperties: [
        { Key: 'mode', Value: 'ranked' },
        { Key: 'map', Value: 'harbor' },
        { Key: 'region', Value: 'na' },
      ],
      IpAddress: '198.51.100.11',
      DnsName: 'ec2-198-51-100-11.us-west-2.compute.amazonaws.com',
      Port: 33430,
      PlayerSessionCreationPolicy: 'ACCEPT_ALL',
      CreatorId: 'player-3f9c21',
      MatchmakerData: first.MatchmakerData,
      Location: 'us-west-2',
      ComputeName: 'i-0a1f5c2e9b7d30001',
      PlayerGatewayStatus: 'DISABLED',
    });
    assert.equal(JSON.parse(first.MatchmakerData!).matchId, '4f1e2a9c-7b3d-4e8f-9a1b-2c3d4e5f6a7b');
    const ended = sessions[3]!;
    assert.deepEqual([ended.CreationTime, ended.TerminationTime, ended.CurrentPlayerSessionCount], [ago(180), ago(130), 0]);
  });

  test('GameSessionId ARNs: the home Region has no location part, remote and custom locations do', async () => {
    const global = await describeAll({ FleetId: fleetId(emu, 'arena-global') });
    assert.deepEqual(global.map((g) => [g.GameSessionId, g.Location]), [
      [arn('arena-global', 18, 'us-east-1'), 'us-east-1'],
      [arn('arena-global', 19, 'eu-west-1'), 'eu-west-1'],
      [arn('arena-global', 20), 'us-west-2'],
      [arn('arena-global', 21, 'eu-west-1'), 'eu-west-1'],
    ]);
    const anywhere = await describeAll({ FleetId: fleetId(emu, 'studio-anywhere') });
    assert.deepEqual(anywhere.map((g) => g.GameSessionId), [arn('studio-anywhere', 16, 'custom-studio-lab'), arn('studio-anywhere', 17, 'custom-studio-lab')]);
  });

  test('by fleet and location, with a status filter', async () => {
    const eu = await describeAll({ FleetId: fleetId(emu, 'arena-global'), Location: 'eu-west-1' });
    assert.deepEqual(eu.map((g) => g.Name), ['global-ranked-eu', 'global-ranked-eu-prev']);
    const euActive = await describeAll({ FleetId: fleetId(emu, 'arena-global'), Location: 'eu-west-1', StatusFilter: 'ACTIVE' });
    assert.deepEqual(euActive.map((g) => g.Name), ['global-ranked-eu']);
    const home = await describeAll({ FleetId: fleetId(emu, 'arena-global'), Location: 'us-west-2' });
    assert.deepEqual(home.map((g) => [g.Name, g.Status]), [['global-casual-na-west', 'ACTIVATING']]);
    const error = await describeAll({ FleetId: fleetId(emu, 'arena-linux-sdk5'), StatusFilter: 'ERROR' });
    assert.deepEqual(error.map((g) => g.Name), ['ranked-duel-4475']);
  });

  test('by game session ID, and by fleet ARN', async () => {
    const one = await describeAll({ GameSessionId: arn('arena-global', 18, 'us-east-1') });
    assert.deepEqual(one.map((g) => [g.Name, g.IpAddress, g.ComputeName]), [['global-ranked-na-east', '203.0.113.73', 'i-0f6cab7d4a2c80003']]);
    const fleetArn = `arn:aws:gamelift:us-west-2:111122223333:fleet/${fleetId(emu, 'arena-windows-sdk5')}`;
    assert.deepEqual((await describeAll({ FleetId: fleetArn })).map((g) => g.Name), ['arena-night-ops', 'arena-night-ops-prev']);
  });

  test('by alias: a SIMPLE alias routes to its fleet, a TERMINAL one answers with its message', async () => {
    const viaAlias = await describeAll({ AliasId: 'alias-7e1c3b5a-0001-4d2e-9f3a-1b2c3d4e0001', StatusFilter: 'ACTIVE' });
    assert.deepEqual(viaAlias.map((g) => g.Name), ['ranked-duel-4471', 'casual-ffa-2210']);
    const aliasArn = 'arn:aws:gamelift:us-west-2:111122223333:alias/alias-7e1c3b5a-0001-4d2e-9f3a-1b2c3d4e0001';
    assert.equal((await describeAll({ AliasId: aliasArn })).length, 8);
    const terminal = await failure(gl.send(new DescribeGameSessionsCommand({ AliasId: 'alias-7e1c3b5a-0002-4d2e-9f3a-1b2c3d4e0002' })));
    assert.equal(terminal.name, 'TerminalRoutingStrategyException');
    assert.equal(terminal.message, 'The legacy arena has been retired. Update your game client to play.');
    const missing = await failure(gl.send(new DescribeGameSessionsCommand({ AliasId: 'alias-00000000-0000-4000-8000-000000000000' })));
    assert.equal(missing.name, 'NotFoundException');
  });

  test('container and Anywhere game sessions name their compute, with its address', async () => {
    const containers = await describeAll({ FleetId: fleetId(emu, 'arena-containers'), StatusFilter: 'ACTIVE' });
    assert.deepEqual(containers.map((g) => [g.ComputeName, g.IpAddress, g.DnsName, g.Port]), [
      ['a1c3e5f7b9d24e6fa1c3e5f7b9d20001', '198.51.100.31', 'ec2-198-51-100-31.us-west-2.compute.amazonaws.com', 4192],
      ['a1c3e5f7b9d24e6fa1c3e5f7b9d20003', '198.51.100.32', 'ec2-198-51-100-32.us-west-2.compute.amazonaws.com', 4194],
    ]);
    const anywhere = await describeAll({ FleetId: fleetId(emu, 'studio-anywhere') });
    assert.deepEqual(anywhere.map((g) => [g.ComputeName, g.IpAddress, g.DnsName]), [
      ['lab-host-01', '192.0.2.41', 'lab-host-01.studio.example'],
      ['lab-host-02', '192.0.2.42', undefined],
    ]);
  });

  test('pages with Limit and NextToken', async () => {
    const pages: string[][] = [];
    for await (const page of paginateDescribeGameSessions({ client: gl, pageSize: 3 }, { FleetId: fleetId(emu, 'arena-linux-sdk5') })) {
      pages.push((page.GameSessions ?? []).map((g) => g.Name!));
    }
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 2]);
    assert.equal(new Set(pages.flat()).size, 8);
    const first = await gl.send(new DescribeGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), Limit: 3 }));
    const replayed = await failure(gl.send(new DescribeGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), StatusFilter: 'ACTIVE', NextToken: first.NextToken })));
    assert.equal(replayed.name, 'InvalidRequestException');
  });

  test('errors: nothing to describe, unknown fleet, location or game session, a bad status filter, model violations', async () => {
    const cases: [DescribeGameSessionsCommandInput, string, RegExp][] = [
      [{}, 'InvalidRequestException', /FleetId or an AliasId is required/],
      [{ FleetId: fleetId(emu, 'arena-linux-sdk5'), AliasId: 'alias-7e1c3b5a-0001-4d2e-9f3a-1b2c3d4e0001' }, 'InvalidRequestException', /either FleetId or AliasId/],
      [{ FleetId: 'fleet-00000000-0000-4000-8000-000000000000' }, 'NotFoundException', /not found/],
      [{ FleetId: fleetId(emu, 'arena-linux-sdk5'), Location: 'eu-west-1' }, 'InvalidRequestException', /not a location of fleet/],
      [{ GameSessionId: arn('arena-linux-sdk5', 99) }, 'NotFoundException', /Game session .* not found/],
      [{ FleetId: fleetId(emu, 'arena-linux-sdk5'), StatusFilter: 'RUNNING' }, 'InvalidRequestException', /Invalid StatusFilter RUNNING/],
      [{ FleetId: 'not-a-fleet' }, 'InvalidRequestException', /at 'fleetId' failed to satisfy constraint: Member must satisfy regular expression pattern/],
      [{ GameSessionId: 'gsess bad' }, 'InvalidRequestException', /at 'gameSessionId' failed to satisfy constraint/],
      [{ FleetId: fleetId(emu, 'arena-linux-sdk5'), Limit: 0 }, 'InvalidRequestException', /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/],
    ];
    for (const [input, name, message] of cases) {
      const error = await failure(gl.send(new DescribeGameSessionsCommand(input)));
      assert.equal(error.name, name, JSON.stringify(input));
      assert.match(error.message, message);
      assert.equal(error.$metadata?.httpStatusCode, 400);
    }
  });
});

describe('game sessions and computes agree', () => {
  test('every game session runs on a compute ListCompute lists for its fleet location, at that compute’s address', async () => {
    for (const fleet of emu.scenario.fleets) {
      const sessions = await describeAll({ FleetId: fleet.fleetId });
      for (const g of sessions) {
        const computes = (await gl.send(new ListComputeCommand({ FleetId: fleet.fleetId, Location: g.Location, Limit: 1000 }))).ComputeList ?? [];
        const compute = computes.find((c) => c.ComputeName === g.ComputeName);
        assert.ok(compute, `${g.ComputeName} is a compute of ${fleet.name} at ${g.Location}`);
        assert.deepEqual([g.IpAddress, g.DnsName], [compute.IpAddress, compute.DnsName], g.GameSessionId);
      }
    }
  });
});

describe('DescribeGameSessionDetails', () => {
  test('wraps each game session with its protection policy, with the same selection rules', async () => {
    const out = await gl.send(new DescribeGameSessionDetailsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), StatusFilter: 'ACTIVE' }));
    assert.deepEqual(out.GameSessionDetails?.map((d) => [d.GameSession?.Name, d.ProtectionPolicy]), [
      ['ranked-duel-4471', 'NoProtection'],
      ['casual-ffa-2210', 'FullProtection'],
    ]);
    const one = await gl.send(new DescribeGameSessionDetailsCommand({ GameSessionId: arn('arena-linux-sdk5', 2) }));
    assert.deepEqual(one.GameSessionDetails?.[0]?.GameSession, (await describeAll({ GameSessionId: arn('arena-linux-sdk5', 2) }))[0]);
    const error = await failure(gl.send(new DescribeGameSessionDetailsCommand({})));
    assert.equal(error.name, 'InvalidRequestException');
  });
});

describe('SearchGameSessions', () => {
  const search = async (input: Omit<SearchGameSessionsCommandInput, 'FleetId'>, fleet = 'arena-linux-sdk5') =>
    ((await gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, fleet), ...input }))).GameSessions ?? []).map((g) => g.Name);

  test('finds ACTIVE game sessions only', async () => {
    assert.deepEqual(await search({}), ['ranked-duel-4471', 'casual-ffa-2210']);
    assert.deepEqual(await search({}, 'arena-global'), ['global-ranked-na-east', 'global-ranked-eu']);
    assert.deepEqual(await search({ Location: 'us-east-1' }, 'arena-global'), ['global-ranked-na-east']);
  });

  test('filters on each documented attribute', async () => {
    const cases: [string, string[], string?][] = [
      ["gameSessionName = 'casual-ffa-2210'", ['casual-ffa-2210']],
      ["gameSessionName <> 'casual-ffa-2210'", ['ranked-duel-4471']],
      [`gameSessionId = '${arn('arena-linux-sdk5', 1)}'`, ['ranked-duel-4471']],
      ['gameSessionProperties.mode = "ranked"', ['ranked-duel-4471']],
      ["gameSessionProperties.map <> 'harbor'", ['casual-ffa-2210']],
      ['maximumSessions >= 8', ['ranked-duel-4471']],
      ['maximumSessions<5', ['casual-ffa-2210']],
      ['playerSessionCount = 4', ['ranked-duel-4471', 'casual-ffa-2210']],
      ['hasAvailablePlayerSessions = true', ['ranked-duel-4471']],
      ['hasAvailablePlayerSessions=false', ['casual-ffa-2210']],
      [`creationTimeMillis > ${emu.world.startedAt - 60 * MINUTE}`, ['ranked-duel-4471']],
      [`creationTimeMillis <= ${emu.world.startedAt - 60 * MINUTE}`, ['casual-ffa-2210']],
      ['maximumSessions>=10 AND hasAvailablePlayerSessions=true', []],
      ["gameSessionProperties.mode = 'casual' OR maximumSessions > 6", ['ranked-duel-4471', 'casual-ffa-2210']],
      ["NOT gameSessionProperties.mode = 'casual'", ['ranked-duel-4471']],
      ["NOT (gameSessionProperties.mode = 'casual' OR maximumSessions > 6)", []],
      // AND binds tighter than OR.
      ["gameSessionProperties.mode = 'casual' OR maximumSessions > 6 AND playerSessionCount > 10", ['casual-ffa-2210']],
      ["(gameSessionProperties.mode = 'casual' OR maximumSessions > 6) AND playerSessionCount = 4", ['ranked-duel-4471', 'casual-ffa-2210']],
      ['gameSessionProperties.missing = "x"', []],
      ["gameSessionName = 'Ranked-Duel-4471'", [], 'string values are case sensitive'],
      ["gameSessionProperties.region = 'na' and not hasAvailablePlayerSessions = true", ['casual-ffa-2210'], 'keywords in any case'],
    ];
    for (const [FilterExpression, expected, why] of cases) assert.deepEqual(await search({ FilterExpression }), expected, why ?? FilterExpression);
  });

  test('hasAvailablePlayerSessions is false where the session denies new players', async () => {
    assert.deepEqual(await search({ FilterExpression: 'hasAvailablePlayerSessions = true' }, 'arena-global'), ['global-ranked-na-east']);
  });

  test('escaped quotes in string values', async () => {
    assert.deepEqual(await search({ FilterExpression: "gameSessionName = 'Matt\\'s Awesome Game 1'" }), []);
  });

  test('sorts by any attribute, ascending or descending; missing values last', async () => {
    assert.deepEqual(await search({ SortExpression: 'creationTimeMillis ASC' }), ['casual-ffa-2210', 'ranked-duel-4471']);
    assert.deepEqual(await search({ SortExpression: 'creationTimeMillis DESC' }), ['ranked-duel-4471', 'casual-ffa-2210']);
    assert.deepEqual(await search({ SortExpression: 'maximumSessions ASC' }), ['casual-ffa-2210', 'ranked-duel-4471']);
    assert.deepEqual(await search({ SortExpression: 'gameSessionName DESC' }), ['ranked-duel-4471', 'casual-ffa-2210']);
    assert.deepEqual(await search({ SortExpression: 'gameSessionProperties.map ASC' }), ['casual-ffa-2210', 'ranked-duel-4471']);
    assert.deepEqual(await search({ SortExpression: 'gameSessionProperties.nothing DESC' }), ['ranked-duel-4471', 'casual-ffa-2210']);
    assert.deepEqual(await search({ FilterExpression: 'playerSessionCount > 1', SortExpression: 'playerSessionCount DESC' }, 'arena-global'), ['global-ranked-na-east', 'global-ranked-eu']);
  });

  test('pages: at most 20 per page, whatever the Limit', async () => {
    const spec = structuredClone(emu.scenario);
    const base = spec.gameSessions.find((g) => g.id === gsid(1))!;
    spec.gameSessions = Array.from({ length: 45 }, (_, i) => ({ ...base, id: `gsess-many-${i}`, name: `many-${String(i).padStart(2, '0')}`, players: [] }));
    const big = await startEmulator({ scenario: spec, agent: new RecordingAgent(), faults: { rateLimits: unlimited() } });
    try {
      const client = gameLift(big);
      const first = await client.send(new SearchGameSessionsCommand({ FleetId: base.fleetId, Limit: 50 }));
      assert.equal(first.GameSessions?.length, 20);
      const pages: number[] = [];
      const names: string[] = [];
      for await (const page of paginateSearchGameSessions({ client, pageSize: 7 }, { FleetId: base.fleetId, SortExpression: 'gameSessionName DESC' })) {
        pages.push(page.GameSessions!.length);
        names.push(...page.GameSessions!.map((g) => g.Name!));
      }
      assert.deepEqual(pages, [7, 7, 7, 7, 7, 7, 3]);
      assert.equal(names[0], 'many-44');
      assert.equal(names.at(-1), 'many-00');
    } finally {
      await big.close();
    }
  });

  test('errors: no fleet or alias, both, bad expressions', async () => {
    const missing = await failure(gl.send(new SearchGameSessionsCommand({})));
    assert.deepEqual([missing.name, missing.message], ['InvalidRequestException', 'A FleetId or an AliasId is required.']);
    const both = await failure(gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), AliasId: 'alias-7e1c3b5a-0001-4d2e-9f3a-1b2c3d4e0001' })));
    assert.equal(both.name, 'InvalidRequestException');
    const terminal = await failure(gl.send(new SearchGameSessionsCommand({ AliasId: 'alias-7e1c3b5a-0002-4d2e-9f3a-1b2c3d4e0002' })));
    assert.equal(terminal.name, 'TerminalRoutingStrategyException');
    const bad: [string, RegExp][] = [
      ['playerCount > 1', /unknown attribute 'playerCount'/],
      ["maximumSessions = 'eight'", /maximumSessions takes a number/],
      ['gameSessionName > 1', /gameSessionName takes a quoted string/],
      ["gameSessionName < 'b'", /string values allow only = and <>/],
      ['hasAvailablePlayerSessions > true', /boolean values allow only = and <>/],
      ['hasAvailablePlayerSessions = 1', /takes true or false/],
      ["gameSessionProperties.mode > 'a'", /allows only = and <>/],
      ['maximumSessions >', /expected a value at the end/],
      ['(maximumSessions > 1', /expected '\)'/],
      ['maximumSessions > 1 maximumSessions < 3', /unexpected 'maximumSessions'/],
      ["gameSessionName = 'open", /unterminated string/],
      ['maximumSessions != 3', /unsupported comparator '!='/],
      ['maximumSessions > 1 AND', /expected a condition at the end/],
    ];
    for (const [FilterExpression, message] of bad) {
      const error = await failure(gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), FilterExpression })));
      assert.equal(error.name, 'InvalidRequestException', FilterExpression);
      assert.match(error.message, /^Invalid FilterExpression: /);
      assert.match(error.message, message, FilterExpression);
    }
    for (const SortExpression of ['creationTimeMillis', 'creationTimeMillis UP', 'players ASC', 'creationTimeMillis ASC, maximumSessions DESC']) {
      const error = await failure(gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), SortExpression })));
      assert.equal(error.name, 'InvalidRequestException', SortExpression);
      assert.match(error.message, /^Invalid SortExpression: /);
    }
  });
});

describe('DescribePlayerSessions', () => {
  const players = async (input: DescribePlayerSessionsCommandInput) => (await gl.send(new DescribePlayerSessionsCommand(input))).PlayerSessions ?? [];

  test('by game session: every player session, in full shape', async () => {
    const list = await players({ GameSessionId: arn('arena-linux-sdk5', 1) });
    assert.deepEqual(list.map((p) => [p.PlayerId, p.Status]), [
      ['player-3f9c21', 'ACTIVE'],
      ['player-a7e410', 'ACTIVE'],
      ['player-51bd88', 'ACTIVE'],
      ['player-0c77e3', 'RESERVED'],
      ['player-e29a5f', 'COMPLETED'],
    ]);
    assert.deepEqual(list[4], {
      PlayerSessionId: 'psess-7c1e9a2b-0005-4d3f-9e8a-5b6c7d8e0005',
      PlayerId: 'player-e29a5f',
      GameSessionId: arn('arena-linux-sdk5', 1),
      FleetId: fleetId(emu, 'arena-linux-sdk5'),
      FleetArn: `arn:aws:gamelift:us-west-2:111122223333:fleet/${fleetId(emu, 'arena-linux-sdk5')}`,
      CreationTime: ago(35),
      TerminationTime: ago(12),
      Status: 'COMPLETED',
      IpAddress: '198.51.100.11',
      DnsName: 'ec2-198-51-100-11.us-west-2.compute.amazonaws.com',
      Port: 33430,
    });
    assert.equal(list[0]!.TerminationTime, undefined);
  });

  test('by game session with a status filter', async () => {
    const reserved = await players({ GameSessionId: arn('arena-linux-sdk5', 1), PlayerSessionStatusFilter: 'RESERVED' });
    assert.deepEqual(reserved.map((p) => p.PlayerId), ['player-0c77e3']);
    const timedOut = await players({ GameSessionId: arn('arena-linux-sdk5', 4), PlayerSessionStatusFilter: 'TIMEDOUT' });
    assert.deepEqual(timedOut.map((p) => [p.PlayerId, p.TerminationTime]), [['player-77aa01', ago(169)]]);
  });

  test('by player: sessions across game sessions and fleets; the status filter has no effect', async () => {
    const history = await players({ PlayerId: 'player-3f9c21', PlayerSessionStatusFilter: 'ACTIVE' });
    assert.deepEqual(history.map((p) => [p.GameSessionId, p.Status]), [
      [arn('arena-linux-sdk5', 1), 'ACTIVE'],
      [arn('arena-linux-sdk5', 4), 'COMPLETED'],
      [arn('arena-linux-sdk5', 7), 'COMPLETED'],
    ]);
    assert.deepEqual(await players({ PlayerId: 'player-nobody' }), []);
  });

  test('by player session ID: one, ignoring Limit and the filter; carries PlayerData where set', async () => {
    const [tester] = await players({ GameSessionId: arn('studio-anywhere', 16, 'custom-studio-lab') });
    const one = await players({ PlayerSessionId: tester!.PlayerSessionId, Limit: 1, PlayerSessionStatusFilter: 'COMPLETED' });
    assert.deepEqual(one.map((p) => [p.PlayerId, p.Status, p.PlayerData, p.IpAddress, p.DnsName]), [['qa-tester-01', 'ACTIVE', '{"build":"2.4.1-rc3"}', '192.0.2.41', 'lab-host-01.studio.example']]);
  });

  test('pages', async () => {
    const pages: string[][] = [];
    for await (const page of paginateDescribePlayerSessions({ client: gl, pageSize: 2 }, { GameSessionId: arn('arena-linux-sdk5', 1) })) pages.push(page.PlayerSessions!.map((p) => p.PlayerId!));
    assert.deepEqual(pages, [['player-3f9c21', 'player-a7e410'], ['player-51bd88', 'player-0c77e3'], ['player-e29a5f']]);
  });

  test('errors', async () => {
    const cases: [DescribePlayerSessionsCommandInput, string, RegExp][] = [
      [{}, 'InvalidRequestException', /Specify a PlayerSessionId, a PlayerId or a GameSessionId/],
      [{ PlayerId: 'player-3f9c21', GameSessionId: arn('arena-linux-sdk5', 1) }, 'InvalidRequestException', /only one of/],
      [{ GameSessionId: arn('arena-linux-sdk5', 98) }, 'NotFoundException', /not found/],
      [{ PlayerSessionId: 'psess-00000000-0000-4000-8000-000000000000' }, 'NotFoundException', /Player session .* not found/],
      [{ GameSessionId: arn('arena-linux-sdk5', 1), PlayerSessionStatusFilter: 'GONE' }, 'InvalidRequestException', /Invalid PlayerSessionStatusFilter GONE/],
      [{ PlayerSessionId: 'session-1' }, 'InvalidRequestException', /at 'playerSessionId' failed to satisfy constraint: Member must satisfy regular expression pattern: \^psess-\\S\+\$/],
    ];
    for (const [input, name, message] of cases) {
      const error = await failure(gl.send(new DescribePlayerSessionsCommand(input)));
      assert.equal(error.name, name, JSON.stringify(input));
      assert.match(error.message, message);
    }
  });
});

describe('TerminateGameSession', () => {
  const describeOne = async (id: string) => (await describeAll({ GameSessionId: id }))[0]!;
  const waitForStatus = async (id: string, status: string): Promise<GameSession> => {
    for (let i = 0; i < 100; i++) {
      const g = await describeOne(id);
      if (g.Status === status) return g;
      await sleep(20);
    }
    throw new Error(`${id} never reached ${status}`);
  };

  test('TRIGGER_ON_PROCESS_TERMINATE: TERMINATING at once, then TERMINATED with its reason; players complete', async () => {
    const id = arn('arena-windows-sdk5', 9);
    const started = Date.now();
    const out = await gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
    assert.deepEqual([out.GameSession?.GameSessionId, out.GameSession?.Status, out.GameSession?.StatusReason, out.GameSession?.TerminationTime], [id, 'TERMINATING', undefined, undefined]);
    const ended = await waitForStatus(id, 'TERMINATED');
    assert.equal(ended.StatusReason, 'TRIGGERED_ON_PROCESS_TERMINATE');
    assert.equal(ended.CurrentPlayerSessionCount, 0);
    assert.ok(ended.TerminationTime!.getTime() >= started + 250, 'ends after the termination delay');
    const statuses = (await gl.send(new DescribePlayerSessionsCommand({ GameSessionId: id }))).PlayerSessions!.map((p) => [p.Status, p.TerminationTime?.getTime()]);
    assert.deepEqual(statuses, [
      ['COMPLETED', ended.TerminationTime!.getTime()],
      ['COMPLETED', ended.TerminationTime!.getTime()],
      ['COMPLETED', ended.TerminationTime!.getTime()],
    ]);
    assert.ok(!(await search()).includes('arena-night-ops'));
    async function search() {
      return ((await gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, 'arena-windows-sdk5') }))).GameSessions ?? []).map((g) => g.Name);
    }
  });

  test('FORCE_TERMINATE on a container fleet and on an ACTIVATING game session', async () => {
    const container = arn('arena-containers', 12);
    await gl.send(new TerminateGameSessionCommand({ GameSessionId: container, TerminationMode: 'FORCE_TERMINATE' }));
    assert.equal((await waitForStatus(container, 'TERMINATED')).StatusReason, 'FORCE_TERMINATED');
    const activating = arn('arena-global', 20);
    const out = await gl.send(new TerminateGameSessionCommand({ GameSessionId: activating, TerminationMode: 'FORCE_TERMINATE' }));
    assert.equal(out.GameSession?.Status, 'TERMINATING');
    await waitForStatus(activating, 'TERMINATED');
  });

  test('Anywhere fleets take TRIGGER_ON_PROCESS_TERMINATE but not FORCE_TERMINATE', async () => {
    const id = arn('studio-anywhere', 16, 'custom-studio-lab');
    const force = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'FORCE_TERMINATE' })));
    assert.equal(force.name, 'InvalidRequestException');
    assert.match(force.message, /FORCE_TERMINATE is not available .* Anywhere fleet/);
    assert.equal((await describeOne(id)).Status, 'ACTIVE');
    const out = await gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
    assert.equal(out.GameSession?.Status, 'TERMINATING');
  });

  test('errors: ended, terminating or ERROR sessions, server SDK 4 fleets, unknown sessions, model violations', async () => {
    const terminated = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('arena-linux-sdk5', 4), TerminationMode: 'FORCE_TERMINATE' })));
    assert.deepEqual([terminated.name, terminated.$metadata?.httpStatusCode], ['InvalidGameSessionStatusException', 400]);
    assert.match(terminated.message, /is in status TERMINATED/);
    const error = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('arena-linux-sdk5', 8), TerminationMode: 'FORCE_TERMINATE' })));
    assert.equal(error.name, 'InvalidGameSessionStatusException');
    assert.match(error.message, /is in status ERROR/);
    const id = arn('arena-global', 18, 'us-east-1');
    await gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
    const twice = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' })));
    assert.equal(twice.name, 'InvalidGameSessionStatusException');
    assert.match(twice.message, /is in status TERMINATING/);
    const sdk4 = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('legacy-linux-sdk4', 15), TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' })));
    assert.equal(sdk4.name, 'InvalidRequestException');
    assert.match(sdk4.message, /server SDK 5\.x or later; fleet .* runs server SDK 4\.0\.2/);
    assert.equal((await describeOne(arn('legacy-linux-sdk4', 15))).Status, 'ACTIVE');
    const missing = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('arena-linux-sdk5', 97), TerminationMode: 'FORCE_TERMINATE' })));
    assert.equal(missing.name, 'NotFoundException');
    const mode = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('arena-linux-sdk5', 2), TerminationMode: 'NOW' as 'FORCE_TERMINATE' })));
    assert.equal(mode.name, 'InvalidRequestException');
    assert.match(mode.message, /at 'terminationMode' failed to satisfy constraint: Member must satisfy enum value set: \[TRIGGER_ON_PROCESS_TERMINATE, FORCE_TERMINATE\]/);
    const none = await failure(gl.send(new TerminateGameSessionCommand({ GameSessionId: arn('arena-linux-sdk5', 2) } as never)));
    assert.match(none.message, /Value null at 'terminationMode' failed to satisfy constraint: Member must not be null/);
  });
});

describe('GetGameSessionLogUrl', () => {
  test('an ended EC2 game session: a presigned URL to a zip of its server log', async () => {
    const id = arn('arena-linux-sdk5', 4);
    const { PreSignedUrl } = await gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: id }));
    const url = new URL(PreSignedUrl!);
    assert.equal(url.origin, emu.logsEndpoint);
    assert.match(url.pathname, new RegExp(`^/gamelift-logs-us-west-2/game-sessions/111122223333/${fleetId(emu, 'arena-linux-sdk5')}/us-west-2/${gsid(4)}\\.zip$`));
    assert.deepEqual(
      ['X-Amz-Algorithm', 'X-Amz-Expires', 'X-Amz-SignedHeaders'].map((k) => url.searchParams.get(k)),
      ['AWS4-HMAC-SHA256', '900', 'host'],
    );
    assert.match(url.searchParams.get('X-Amz-Credential')!, /^AKIA[0-9A-F]{16}\/\d{8}\/us-west-2\/s3\/aws4_request$/);
    const response = await fetch(PreSignedUrl!);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    const files = readZip(Buffer.from(await response.arrayBuffer()));
    assert.deepEqual(files.map((f) => f.name), ['server.log']);
    const log = files[0]!.text;
    assert.match(log, new RegExp(`OnStartGameSession: ${id.replace(/[/]/g, '\\/')} \\(ranked-duel-4402\\)`));
    assert.match(log, /AcceptPlayerSession\(psess-[^)]+\) player player-3f9c21/);
    assert.match(log, /player never connected: timed out/);
    assert.match(log, /ProcessEnding\(\) called/);
  });

  test('logs name the ending: an interruption, a forced end; Windows servers write GameServer.log', async () => {
    const text = async (id: string) => readZip(Buffer.from(await (await fetch((await gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: id }))).PreSignedUrl!)).arrayBuffer()));
    assert.match((await text(arn('arena-load-test', 22)))[0]!.text, /Spot interruption notice/);
    assert.match((await text(arn('arena-linux-sdk5', 6)))[0]!.text, /FORCE_TERMINATE/);
    const crashed = (await text(arn('arena-linux-sdk5', 5)))[0]!.text;
    assert.match(crashed, /FATAL Segmentation fault .* without calling ProcessEnding\(\)\n$/);
    assert.doesNotMatch(crashed, /ProcessEnding\(\) called/);
    const windows = await text(arn('arena-windows-sdk5', 10));
    assert.deepEqual(windows.map((f) => f.name), ['GameServer.log']);
    assert.match(windows[0]!.text, /C:\\game\\GameServer\.exe/);
  });

  test('remote locations have logs too', async () => {
    const { PreSignedUrl } = await gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: arn('arena-global', 21, 'eu-west-1') }));
    assert.match(new URL(PreSignedUrl!).pathname, /\/eu-west-1\/gsess-1a2b3c4d-0021-4e5f-8a9b-0c1d2e3f0021\.zip$/);
    assert.equal((await fetch(PreSignedUrl!)).status, 200);
  });

  test('errors: a session that has not ended, logs past 14 days, container and Anywhere fleets, unknown sessions', async () => {
    const cases: [string, string, RegExp][] = [
      [arn('arena-linux-sdk5', 2), 'NotFoundException', /logs are stored when a game session ends \(status ACTIVE\)/],
      [arn('arena-linux-sdk5', 3), 'NotFoundException', /status ACTIVATING/],
      [arn('arena-linux-sdk5', 8), 'NotFoundException', /status ERROR/],
      [arn('arena-linux-sdk5', 7), 'NotFoundException', /kept for 14 days/],
      [arn('arena-containers', 13), 'InvalidRequestException', /applies to managed EC2 fleets/],
      [arn('studio-anywhere', 17, 'custom-studio-lab'), 'InvalidRequestException', /applies to managed EC2 fleets/],
      [arn('arena-linux-sdk5', 96), 'NotFoundException', /Game session .* not found/],
    ];
    for (const [GameSessionId, name, message] of cases) {
      const error = await failure(gl.send(new GetGameSessionLogUrlCommand({ GameSessionId })));
      assert.equal(error.name, name, GameSessionId);
      assert.match(error.message, message, GameSessionId);
    }
  });

  test('a game session terminated through the API has a log once TERMINATED', async () => {
    const id = arn('arena-linux-sdk5', 1);
    await gl.send(new TerminateGameSessionCommand({ GameSessionId: id, TerminationMode: 'TRIGGER_ON_PROCESS_TERMINATE' }));
    const early = await failure(gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: id })));
    assert.match(early.message, /status TERMINATING/);
    for (let i = 0; i < 100 && (await describeAll({ GameSessionId: id }))[0]!.Status !== 'TERMINATED'; i++) await sleep(20);
    const { PreSignedUrl } = await gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: id }));
    const [file] = readZip(Buffer.from(await (await fetch(PreSignedUrl!)).arrayBuffer()));
    assert.match(file!.text, /OnProcessTerminate\(\) received \(TerminateGameSession\)/);
    assert.match(file!.text, /RemovePlayerSession\(psess-7c1e9a2b-0004-4d3f-9e8a-5b6c7d8e0004\)/);
  });
});

describe('throttling', () => {
  test('the read operations are limited per account (30/30 by default; the rateLimits knob replaces it)', async () => {
    emu.setFaults({ rateLimits: {} });
    try {
      const calls = await Promise.allSettled(Array.from({ length: 40 }, () => gl.send(new DescribeGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), Limit: 1 }))));
      const throttled = calls.filter((c) => c.status === 'rejected');
      // 40 at once against a bucket of 30 refilling 30/s: about 10 are refused (fewer if the calls spread out).
      assert.ok(throttled.length >= 1 && throttled.length <= 10, `${throttled.length} of 40 throttled`);
      const reason = (throttled[0] as PromiseRejectedResult).reason as Error & { $metadata: { httpStatusCode: number } };
      assert.deepEqual([reason.name, reason.message, reason.$metadata.httpStatusCode], ['ThrottlingException', 'Rate exceeded', 400]);
      emu.setFaults({ rateLimits: { SearchGameSessions: { burst: 2, perSecond: 0.01 } } });
      const search = () => gl.send(new SearchGameSessionsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5') }));
      await search();
      await search();
      assert.equal((await failure(search())).name, 'ThrottlingException');
      // Other operations keep their own bucket.
      await gl.send(new DescribePlayerSessionsCommand({ PlayerId: 'player-3f9c21' }));
    } finally {
      emu.setFaults({ rateLimits: unlimited() });
    }
  });
});
