// find against the emulator through the daemon: each kind of input recognised by its shape and
// resolved to fleet, location, compute, port and what a UI needs to connect; a bounded search
// that says when it was partial (too many fleet locations, or a fleet that could not be asked).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessClient } from '../../../main/daemon/api/in-process';
import { Discovery } from '../../../main/daemon/discovery/discovery';
import { Identity } from '../../../main/daemon/identity/identity';
import { find, recognise } from '../../../main/daemon/triage/find';
import { ConnectError, type ConnectClient } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startHarness, type Harness } from '../harness';

const arnOf = (fleetId: string, id: string, location?: string) => `arn:aws:gamelift:us-west-2::gamesession/${fleetId}/${location ? `${location}/` : ''}${id}`;
const GS1 = arnOf(FLEETS.sdk5Linux, 'gsess-1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f0001');

let h: Harness;
let api: ConnectClient;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness({}, { watchEvents: false });
  api = inProcessClient(h.daemon);
});
after(() => h?.close());

test('the kind is recognised from the shape of the text, a broad search only where it cannot be', () => {
  assert.deepEqual(recognise(GS1), ['game-session']);
  assert.deepEqual(recognise('gsess-1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f0001'), ['game-session']);
  assert.deepEqual(recognise('psess-7c1e9a2b-0002-4d3f-9e8a-5b6c7d8e0002'), ['player-session']);
  assert.deepEqual(recognise(FLEETS.containers), ['fleet']);
  assert.deepEqual(recognise(`arn:aws:gamelift:us-west-2:123456789012:fleet/${FLEETS.sdk5Linux}`), ['fleet']);
  assert.deepEqual(recognise('i-0a1f5c2e9b7d30001'), ['compute']);
  assert.deepEqual(recognise('198.51.100.12'), ['address']);
  assert.deepEqual(recognise('2001:db8::1'), ['address']);
  assert.deepEqual(recognise('ec2-198-51-100-12.us-west-2.compute.amazonaws.com'), ['address']);
  assert.deepEqual(recognise('6f1c3e2a-9b7d-4c1e-8a2b-3c4d5e6f7a8b'), ['game-session', 'player']);
  assert.deepEqual(recognise('lab-host-01'), ['fleet', 'player', 'compute']);
  assert.deepEqual(recognise('Player One#42'), ['fleet', 'player']);
  assert.deepEqual(recognise('999.1.1.1'), ['fleet', 'player'], 'not an IPv4 address, nor a compute name');
});

test('a game session ARN: one call, its compute, port, players, and how to connect', async () => {
  const result = await api.find({ text: GS1 });
  assert.equal(result.partial, false);
  assert.equal(result.matches.length, 1);
  const [m] = result.matches;
  assert.equal(m!.matchedAs, 'game-session');
  assert.equal(m!.fleetId, FLEETS.sdk5Linux);
  assert.equal(m!.fleetName, 'arena-linux-sdk5');
  assert.equal(m!.location, 'us-west-2');
  assert.equal(m!.computeName, 'i-0a1f5c2e9b7d30001');
  assert.equal(m!.port, 33430);
  assert.equal(m!.status, 'ACTIVE');
  assert.equal(m!.gameSession?.gameSessionId, GS1);
  assert.equal(m!.gameSession?.name, 'ranked-duel-4471');
  assert.equal(m!.gameSession?.currentPlayers, 4, 'three ACTIVE players and one RESERVED slot');
  assert.deepEqual(m!.connect, { fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001', os: 'linux', access: 'compute-access', port: 33430 });
});

test('a bare game session ID is found in whichever fleet location holds it (a remote location here)', async () => {
  const result = await api.find({ text: 'gsess-1a2b3c4d-0019-4e5f-8a9b-0c1d2e3f0019' });
  assert.equal(result.matches.length, 1);
  const m = result.matches[0]!;
  assert.equal(m.fleetId, FLEETS.global);
  assert.equal(m.location, 'eu-west-1');
  assert.equal(m.computeName, 'i-0f6cab7d4a2c80004');
  assert.equal(m.gameSession?.gameSessionId, arnOf(FLEETS.global, 'gsess-1a2b3c4d-0019-4e5f-8a9b-0c1d2e3f0019', 'eu-west-1'));
});

test('a player session ID: its game session, with the player', async () => {
  const { matches } = await api.find({ text: 'psess-7c1e9a2b-0002-4d3f-9e8a-5b6c7d8e0002' });
  assert.equal(matches.length, 1);
  assert.equal(matches[0]!.matchedAs, 'player-session');
  assert.deepEqual(matches[0]!.playerSession, { playerSessionId: 'psess-7c1e9a2b-0002-4d3f-9e8a-5b6c7d8e0002', playerId: 'player-a7e410', status: 'ACTIVE' });
  assert.equal(matches[0]!.gameSession?.gameSessionId, GS1);
  assert.equal(matches[0]!.connect?.computeName, 'i-0a1f5c2e9b7d30001');
});

test('a player ID: where the player is now first, then the game sessions they played', async () => {
  const { matches, searchedAs } = await api.find({ text: 'player-3f9c21' });
  assert.deepEqual(searchedAs, ['fleet', 'player', 'compute']);
  assert.deepEqual(
    matches.map((m) => [m.matchedAs, m.gameSession?.name, m.status, m.playerSession?.status]),
    [
      ['player', 'ranked-duel-4471', 'ACTIVE', 'ACTIVE'],
      ['player', 'ranked-duel-4402', 'TERMINATED', 'COMPLETED'],
      ['player', 'ranked-duel-3001', 'TERMINATED', 'COMPLETED'],
    ],
  );
});

test('an IP address or DNS name: the game sessions running on that compute, with their ports', async () => {
  for (const text of ['198.51.100.12', 'ec2-198-51-100-12.us-west-2.compute.amazonaws.com']) {
    const { matches, partial } = await api.find({ text });
    assert.equal(partial, false, text);
    assert.deepEqual(
      matches.map((m) => [m.matchedAs, m.computeName, m.gameSession?.name, m.port, m.connect?.port]),
      [['address', 'i-0a1f5c2e9b7d30002', 'casual-ffa-2210', 33431, 33431]],
      text,
    );
  }
  // A compute with no ACTIVE game session (one ACTIVATING) is still found: the compute alone.
  const idle = await api.find({ text: '198.51.100.71' });
  assert.deepEqual(
    idle.matches.map((m) => [m.matchedAs, m.fleetId, m.location, m.computeName, m.gameSession, m.connect?.port]),
    [['address', FLEETS.global, 'us-west-2', 'i-0f6cab7d4a2c80001', undefined, undefined]],
  );
});

test('computes by name or instance ID, in every kind of fleet; Anywhere ones say there is no remote access', async () => {
  const anywhere = await api.find({ text: 'lab-host-01' });
  assert.deepEqual(
    anywhere.matches.map((m) => [m.matchedAs, m.fleetId, m.location, m.computeName, m.connect?.access]),
    [['compute', FLEETS.anywhere, 'custom-studio-lab', 'lab-host-01', 'none']],
  );
  const sdk4 = await api.find({ text: 'i-0d4a8f5b2e0a60001' });
  assert.deepEqual(sdk4.matches.map((m) => [m.fleetId, m.computeName, m.connect?.access, m.connect?.os]), [[FLEETS.sdk4Linux, 'i-0d4a8f5b2e0a60001', 'instance-access', 'linux']]);
  const container = await api.find({ text: 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001', kind: 'compute' });
  assert.deepEqual(container.matches.map((m) => [m.fleetId, m.computeName]), [[FLEETS.containers, 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001']]);
});

test('a fleet ID: the fleet and its status, nothing to connect to', async () => {
  const { matches } = await api.find({ text: FLEETS.broken });
  assert.deepEqual(matches, [{ matchedAs: 'fleet', fleetId: FLEETS.broken, fleetName: 'arena-broken', status: 'ERROR' }]);
});

test('a running game session by its name, when asked for (SearchGameSessions in every ACTIVE fleet location)', async () => {
  const { matches, searchedAs, partial } = await api.find({ text: 'global-ranked-eu', kind: 'game-session-name' });
  assert.deepEqual(searchedAs, ['game-session-name']);
  assert.equal(partial, false);
  assert.deepEqual(matches.map((m) => [m.matchedAs, m.fleetId, m.location, m.computeName, m.port, m.status]), [
    ['game-session-name', FLEETS.global, 'eu-west-1', 'i-0f6cab7d4a2c80004', 33430, 'ACTIVE'],
  ]);
  const ended = await api.find({ text: 'ranked-duel-4402', kind: 'game-session-name' });
  assert.deepEqual(ended.matches, [], 'search finds ACTIVE game sessions only');
  const quoted = await api.find({ text: "it's-a-trap", kind: 'game-session-name' });
  assert.deepEqual([quoted.matches, quoted.notes[0]], [[], 'Game session names with quotes or backslashes cannot be searched for.']);
  const unasked = await api.find({ text: 'global-ranked-eu' });
  assert.deepEqual(unasked.matches, []);
  assert.match(unasked.notes.join('\n'), /--kind game-session-name/);
});

test('a fleet by its name (any case), from the fleet list already loaded', async () => {
  const { matches } = await api.find({ text: 'Arena-Broken' });
  assert.deepEqual(matches, [{ matchedAs: 'fleet', fleetId: FLEETS.broken, fleetName: 'arena-broken', status: 'ERROR' }]);
});

test('a game session of another Region is not searched for here: the note names its Region', async () => {
  const { matches, notes, partial } = await api.find({ text: GS1.replace('us-west-2', 'eu-central-1') });
  assert.equal(matches.length, 0);
  assert.equal(partial, false);
  assert.match(notes.join('\n'), /switch the Region to eu-central-1/);
});

test('nothing found is no error: no matches, not partial, a note', async () => {
  const result = await api.find({ text: 'nobody-at-all' });
  assert.deepEqual(result.matches, []);
  assert.equal(result.partial, false);
  assert.match(result.notes[0] ?? '', /Nothing matched "nobody-at-all" as fleet or player or compute/);
  await assert.rejects(api.find({ text: '' }), (e: ConnectError) => e.code === 'InvalidInput');
});

test('a search bounded to fewer fleet locations than there are says it was partial, and what it skipped', async () => {
  const ctx = { client: h.daemon.identity.gamelift(), region: h.daemon.identity.region, profile: null };
  // Fleets are searched ACTIVE first, by name: the Anywhere fleet's location comes after the first three.
  const result = await find(ctx, h.daemon.discovery, 'gsess-1a2b3c4d-0016-4e5f-8a9b-0c1d2e3f0016', undefined, { maxProbes: 3 });
  assert.equal(result.matches.length, 0);
  assert.equal(result.partial, true);
  const total = (await h.daemon.discovery.listFleets()).reduce((n, f) => n + f.locations.length, 0);
  assert.match(result.notes.join('\n'), new RegExp(`${total - 3} of ${total} fleet locations were not searched`));
});

test('a fleet location that cannot be asked (throttled) leaves the others searched and the answer partial', { timeout: 60_000 }, async () => {
  h.emulator.setFaults({ rateLimits: { DescribeGameSessions: { burst: 3, perSecond: 0.01 } } });
  try {
    const ctx = { client: h.daemon.identity.gamelift(), region: h.daemon.identity.region, profile: null };
    const result = await find(ctx, h.daemon.discovery, 'gsess-not-anywhere', 'game-session');
    assert.equal(result.partial, true);
    assert.match(result.notes.join('\n'), /was not searched: AWS is throttling gamelift:DescribeGameSessions/);
  } finally {
    h.emulator.setFaults({ rateLimits: {} });
  }
});

test('without the fleet list (throttled) a game session is still found, and the answer says it is partial', { timeout: 60_000 }, async () => {
  const identity = new Identity({ profile: null }, h.daemon.identity.sandbox);
  h.emulator.setFaults({ rateLimits: { ListFleets: { burst: 0, perSecond: 0.001 }, ListContainerFleets: { burst: 0, perSecond: 0.001 } } });
  try {
    const discovery = new Discovery(identity);
    const ctx = { client: identity.gamelift(), region: identity.region, profile: null };
    const result = await find(ctx, discovery, GS1);
    assert.deepEqual(result.matches.map((m) => [m.fleetId, m.computeName, m.port, m.fleetName, m.connect]), [[FLEETS.sdk5Linux, 'i-0a1f5c2e9b7d30001', 33430, undefined, undefined]]);
    assert.equal(result.partial, true);
    assert.match(result.notes.join('\n'), /The fleet list was not searched: AWS is throttling/);
  } finally {
    h.emulator.setFaults({ rateLimits: {} });
    identity.close();
  }
});

test('a kind whose lookup is refused leaves the others searched (partial); when the only kind is refused, that is the error', { timeout: 60_000 }, async () => {
  h.emulator.setFaults({ rateLimits: { DescribePlayerSessions: { burst: 0, perSecond: 0.001 } } });
  try {
    const mixed = await api.find({ text: 'lab-host-01' });
    assert.deepEqual(mixed.matches.map((m) => [m.matchedAs, m.computeName]), [['compute', 'lab-host-01']]);
    assert.equal(mixed.partial, true);
    assert.match(mixed.notes.join('\n'), /"lab-host-01" as player was not searched: AWS is throttling gamelift:DescribePlayerSessions/);
    await assert.rejects(api.find({ text: 'psess-7c1e9a2b-0002-4d3f-9e8a-5b6c7d8e0002' }), (e: ConnectError) => e.code === 'Throttled');
  } finally {
    h.emulator.setFaults({ rateLimits: {} });
  }
});
