// Game sessions through the daemon against the emulator: listed per compute, location and status,
// newest first; TerminateGameSession in both modes and GameLift's refusals as ApiErrors; the game
// session log downloaded byte for byte into a 0600 file, and its presigned URL kept out of the log.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GetGameSessionLogUrlCommand } from '@aws-sdk/client-gamelift';
import { inProcessClient } from '../../../main/daemon/api/in-process';
import { withCompute } from '../../../main/daemon/triage/game-sessions';
import { ConnectError, type ConnectClient } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const arnOf = (fleetId: string, n: string, location?: string) =>
  `arn:aws:gamelift:us-west-2::gamesession/${fleetId}/${location ? `${location}/` : ''}gsess-1a2b3c4d-00${n}-4e5f-8a9b-0c1d2e3f00${n}`;

let h: Harness;
let api: ConnectClient;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness({}, { watchEvents: false });
  h.emulator.setFaults({ gameSessionTerminationMs: 300 });
  api = inProcessClient(h.daemon);
});
after(() => h?.close());

const refusal = (code: string, message: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ConnectError, String(e));
  assert.equal(e.code, code, e.message);
  assert.match(e.message, message);
  return true;
};

test("a compute's game sessions, newest first, with status, reason, port and players", async () => {
  const { gameSessions, truncated } = await api.listGameSessions({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
  assert.equal(truncated, false);
  assert.deepEqual(
    gameSessions.map((g) => [g.name, g.status, g.statusReason, g.port, g.currentPlayers, g.computeName, g.location]),
    [
      ['ranked-duel-4471', 'ACTIVE', undefined, 33430, 4, 'i-0a1f5c2e9b7d30001', 'us-west-2'],
      ['ranked-duel-4402', 'TERMINATED', undefined, 33430, 0, 'i-0a1f5c2e9b7d30001', 'us-west-2'],
      ['ranked-duel-4390', 'TERMINATED', 'FORCE_TERMINATED', 33430, 0, 'i-0a1f5c2e9b7d30001', 'us-west-2'],
      ['ranked-duel-3001', 'TERMINATED', 'TRIGGERED_ON_PROCESS_TERMINATE', 33430, 0, 'i-0a1f5c2e9b7d30001', 'us-west-2'],
    ],
  );
  const created = gameSessions.map((g) => g.createdAt ?? 0);
  assert.deepEqual(created, [...created].sort((a, b) => b - a));
  assert.ok(gameSessions[1]!.terminatedAt! > gameSessions[1]!.createdAt!);
});

test('by location and status, and a limit that cuts the list says so', async () => {
  const eu = await api.listGameSessions({ fleetId: FLEETS.global, location: 'eu-west-1' });
  assert.deepEqual(eu.gameSessions.map((g) => [g.name, g.location]).sort(), [['global-ranked-eu', 'eu-west-1'], ['global-ranked-eu-prev', 'eu-west-1']]);
  const active = await api.listGameSessions({ fleetId: FLEETS.global, status: 'ACTIVE' });
  assert.deepEqual(active.gameSessions.map((g) => g.name).sort(), ['global-ranked-eu', 'global-ranked-na-east']);
  const cut = await api.listGameSessions({ fleetId: FLEETS.sdk5Linux, limit: 2 });
  assert.equal(cut.gameSessions.length, 2);
  assert.equal(cut.truncated, true);
  await assert.rejects(api.listGameSessions({ fleetId: FLEETS.global, location: 'sa-east-1' }), refusal('NotFound', /has no location sa-east-1/));
  await assert.rejects(api.listGameSessions({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0000000000000dead' }), refusal('NotFound', /i-0000000000000dead/));
});

test('container and Anywhere computes have their game sessions too', async () => {
  const container = await api.listGameSessions({ fleetId: FLEETS.containers, computeName: 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001' });
  assert.deepEqual(container.gameSessions.map((g) => [g.name, g.port, g.currentPlayers]), [['container-brawl-12', 4192, 3]]);
  const anywhere = await api.listGameSessions({ fleetId: FLEETS.anywhere, computeName: 'lab-host-02' });
  assert.deepEqual(anywhere.gameSessions.map((g) => [g.name, g.status, g.location]), [['lab-playtest-b', 'ACTIVATING', 'custom-studio-lab']]);
});

test('graceful end: TERMINATING now, then TERMINATED as TRIGGERED_ON_PROCESS_TERMINATE', async () => {
  const id = arnOf(FLEETS.sdk5Windows, '09');
  const ending = await api.terminateGameSession({ gameSessionId: id, mode: 'graceful' });
  assert.equal(ending.status, 'TERMINATING');
  assert.equal(ending.computeName, 'i-0b2e6d3f0c8e40001');
  await waitFor('the game session to end', async () => {
    const g = (await api.listGameSessions({ fleetId: FLEETS.sdk5Windows })).gameSessions.find((s) => s.gameSessionId === id);
    return g?.status === 'TERMINATED' && g.statusReason === 'TRIGGERED_ON_PROCESS_TERMINATE';
  }, 10_000);
});

test('forced end of a container game session: FORCE_TERMINATED', async () => {
  const id = arnOf(FLEETS.containers, '12');
  assert.equal((await api.terminateGameSession({ gameSessionId: id, mode: 'force' })).status, 'TERMINATING');
  await waitFor('the game session to end', async () => {
    const g = (await api.listGameSessions({ fleetId: FLEETS.containers, status: 'TERMINATED' })).gameSessions.find((s) => s.gameSessionId === id);
    return g?.statusReason === 'FORCE_TERMINATED';
  }, 10_000);
});

test("GameLift's refusals: SDK 4, already ended, ending twice, unknown, FORCE on Anywhere", async () => {
  await assert.rejects(api.terminateGameSession({ gameSessionId: arnOf(FLEETS.sdk4Linux, '15'), mode: 'graceful' }), refusal('Unsupported', /server SDK 5/));
  await assert.rejects(api.terminateGameSession({ gameSessionId: arnOf(FLEETS.sdk5Linux, '04'), mode: 'force' }), refusal('InvalidInput', /gsess-1a2b3c4d-0004-.* cannot be ended in its current status/));
  const id = arnOf(FLEETS.sdk5Linux, '02');
  await api.terminateGameSession({ gameSessionId: id, mode: 'graceful' });
  await assert.rejects(api.terminateGameSession({ gameSessionId: id, mode: 'force' }), refusal('InvalidInput', /cannot be ended/));
  await assert.rejects(api.terminateGameSession({ gameSessionId: arnOf(FLEETS.sdk5Linux, '99'), mode: 'graceful' }), refusal('NotFound', /Game session gsess-1a2b3c4d-0099-.* was not found/));
  await assert.rejects(api.terminateGameSession({ gameSessionId: arnOf(FLEETS.anywhere, '16', 'custom-studio-lab'), mode: 'force' }), refusal('Unsupported', /does not support TerminateGameSession/));
  await assert.rejects(api.terminateGameSession({ gameSessionId: 'not an arn', mode: 'force' }), refusal('InvalidInput', /gameSessionId/));
});

test('a game session log: the exact bytes GameLift serves, in a 0600 file under the data dir or where asked', async () => {
  const id = arnOf(FLEETS.sdk5Linux, '06');
  const saved = await api.getGameSessionLog({ gameSessionId: id });
  assert.ok(saved.path.startsWith(join(h.dataDir, 'downloads')), saved.path);
  assert.match(saved.path, /game-session-fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001-gsess-1a2b3c4d-0006-4e5f-8a9b-0c1d2e3f0006\.zip$/);
  const { PreSignedUrl } = await h.daemon.identity.gamelift().send(new GetGameSessionLogUrlCommand({ GameSessionId: id }));
  const expected = Buffer.from(await (await fetch(PreSignedUrl!)).arrayBuffer());
  const got = await readFile(saved.path);
  assert.equal(saved.bytes, expected.length);
  assert.ok(got.equals(expected), 'the same bytes');
  assert.equal(got.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip');
  assert.equal((await stat(saved.path)).mode & 0o777, 0o600);
  const dir = await mkdtemp(join(tmpdir(), 'glc-logs-'));
  const inDir = await api.getGameSessionLog({ gameSessionId: id, path: dir });
  assert.equal(inDir.path, join(dir, saved.path.slice(saved.path.lastIndexOf('/') + 1)));
  const named = await api.getGameSessionLog({ gameSessionId: id, path: join(dir, 'crash.zip') });
  assert.equal(named.path, join(dir, 'crash.zip'));
  assert.ok((await readFile(named.path)).equals(expected));
  await assert.rejects(api.getGameSessionLog({ gameSessionId: id, path: named.path }), refusal('InvalidInput', /already exists/), 'a file of the user\'s is never replaced');
  assert.ok((await api.getGameSessionLog({ gameSessionId: id })).path === saved.path, 'the data dir\'s copy is simply fetched again');
  await assert.rejects(api.getGameSessionLog({ gameSessionId: id, path: 'relative/x.zip' }), refusal('InvalidInput', /absolute path/));
  await assert.rejects(api.getGameSessionLog({ gameSessionId: id, path: join(dir, 'no-such-dir', 'x.zip') }), refusal('InvalidInput', /folder does not exist/));
  const log = await readFile(h.daemon.log.file!, 'utf8');
  assert.doesNotMatch(log, /X-Amz-Signature|x-emulator-issued/, 'the presigned URL never reaches the log');
});

test('a game session without ComputeName (older fleets) is placed on the compute with its IP address', async () => {
  const named = await withCompute(h.daemon.discovery, { GameSessionId: arnOf(FLEETS.sdk4Linux, '15'), FleetId: FLEETS.sdk4Linux, Location: 'us-west-2', IpAddress: '127.0.0.1', Port: 7777 });
  assert.equal(named.computeName, 'i-0d4a8f5b2e0a60001');
  const nowhere = await withCompute(h.daemon.discovery, { GameSessionId: arnOf(FLEETS.sdk4Linux, '15'), FleetId: FLEETS.sdk4Linux, Location: 'us-west-2', IpAddress: '203.0.113.250' });
  assert.equal(nowhere.computeName, undefined);
});

test('no log for a running game session, nor for a container fleet (GameLift keeps none)', async () => {
  await assert.rejects(api.getGameSessionLog({ gameSessionId: arnOf(FLEETS.sdk5Linux, '01') }), refusal('NotFound', /no log for game session gsess-1a2b3c4d-0001/));
  await assert.rejects(api.getGameSessionLog({ gameSessionId: arnOf(FLEETS.containers, '13') }), refusal('Unsupported', /GetGameSessionLogUrl/));
});
