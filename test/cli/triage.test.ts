// The triage commands as real child processes on the emulator (each runs its daemon in-process):
// find, events, game-sessions and end-game-session, their tables and stable --json, and their exit
// codes (0 done, 1 refused or nothing found, 2 usage).
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { parseSince } from '../../main/cli/commands/triage-format';
import { assertPrivateKeyring } from '../support/keyring';
import { runCliProcess } from './cli-process';

const SDK5 = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const SDK4 = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const WINDOWS = 'fleet-2a9c6e1d-0002-4b7f-8e3a-6c1d9f2b0002';
const BROKEN = 'fleet-2a9c6e1d-0010-4b7f-8e3a-6c1d9f2b0010';
const arnOf = (fleetId: string, n: string) => `arn:aws:gamelift:us-west-2::gamesession/${fleetId}/gsess-1a2b3c4d-00${n}-4e5f-8a9b-0c1d2e3f00${n}`;

let emulator: Emulator;
before(async () => {
  assertPrivateKeyring();
  emulator = await startEmulator();
  emulator.setFaults({ gameSessionTerminationMs: 200 });
});
after(() => emulator?.close());

async function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return cliWith({}, ...args);
}

async function cliWith(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = runCliProcess(emulator, args, env);
  const status = await run.exit;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

test('find <player session>: a table naming fleet, location, compute, port and players, and the command to connect', async () => {
  const r = await cli('find', 'psess-7c1e9a2b-0002-4d3f-9e8a-5b6c7d8e0002');
  assert.equal(r.status, 0, r.stderr);
  const [header, row] = r.stdout.split('\n');
  assert.match(header!, /^MATCH\s+FLEET\s+LOCATION\s+COMPUTE\s+PORT\s+STATUS\s+PLAYERS\s+GAME SESSION\s+PLAYER$/);
  assert.match(row!, new RegExp(`^player-session\\s+${SDK5}\\s+us-west-2\\s+i-0a1f5c2e9b7d30001\\s+33430\\s+ACTIVE\\s+4/8\\s+gsess-1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f0001\\s+player-a7e410 psess-7c1e9a2b-0002`));
  assert.match(r.stdout, new RegExp(`Connect: gamelift-connect shell ${SDK5} i-0a1f5c2e9b7d30001\\n`));
});

test('find --json is the daemon\'s answer as is; an IP address finds the game session on that compute', async () => {
  const r = await cli('find', '198.51.100.12', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { text: string; searchedAs: string[]; partial: boolean; matches: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(result).sort(), ['matches', 'notes', 'partial', 'searchedAs', 'text']);
  assert.deepEqual([result.text, result.searchedAs, result.partial], ['198.51.100.12', ['address'], false]);
  assert.deepEqual(result.matches.map((m) => [m.fleetId, m.computeName, m.port, m.connect]), [
    [SDK5, 'i-0a1f5c2e9b7d30002', 33431, { fleetId: SDK5, computeName: 'i-0a1f5c2e9b7d30002', os: 'linux', access: 'compute-access', port: 33431 }],
  ]);
});

test('find: nothing found exits 1 and says where it looked; a bad --kind is a usage error', async () => {
  const none = await cli('find', 'nobody-at-all');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /Nothing matched "nobody-at-all" as fleet or player or compute in us-west-2\./);
  assert.match(none.stderr, /gamelift-connect: Nothing found for "nobody-at-all"\./);
  const usage = await cli('find', 'x', '--kind', 'planet');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--kind takes one of game-session, player-session, player, address, fleet, compute/);
});

test('events: newest first, --since with a relative time, --limit, --json', async () => {
  const recent = await cli('events', SDK5, '--since', '5h', '--json');
  assert.equal(recent.status, 0, recent.stderr);
  const { events, more } = JSON.parse(recent.stdout) as { events: Array<{ code: string; time: number; hasLog: boolean }>; more: boolean };
  // The scenario's events of this fleet 242 and 49 minutes ago; the others are older than 5 h.
  assert.deepEqual(events.map((e) => e.code), ['GAME_SESSION_ACTIVATION_TIMEOUT', 'SERVER_PROCESS_CRASHED']);
  assert.equal(more, false);
  const limited = await cli('events', BROKEN, '--limit', '3');
  assert.equal(limited.status, 0, limited.stderr);
  const lines = limited.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^TIME\s+LEVEL\s+EVENT\s+COMPUTE\s+LOG\s+MESSAGE$/);
  assert.equal(lines.length, 4);
  assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+ERROR\s+FLEET_STATE_ERROR\s/);
  assert.match(lines[2]!, /ERROR\s+FLEET_ACTIVATION_FAILED\s+log\s+Fleet activation failed/);
  assert.match(limited.stderr, /More events than the 3 shown/);
  const bad = await cli('events', SDK5, '--since', 'yesterday');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--since takes an ISO time/);
  const unknown = await cli('events', 'fleet-00000000-0000-0000-0000-000000000000');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /not found/);
});

test('game-sessions <fleet> <compute>: a table, and --json with truncated', async () => {
  const table = await cli('game-sessions', SDK5, 'i-0a1f5c2e9b7d30001');
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^GAME SESSION\s+NAME\s+STATUS\s+REASON\s+COMPUTE\s+LOCATION\s+PORT\s+PLAYERS\s+CREATED$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(1, 3)), [
    ['ranked-duel-4471', 'ACTIVE'],
    ['ranked-duel-4402', 'TERMINATED'],
    ['ranked-duel-4390', 'TERMINATED'],
    ['ranked-duel-3001', 'TERMINATED'],
  ]);
  assert.match(lines[3]!, /FORCE_TERMINATED\s+i-0a1f5c2e9b7d30001\s+us-west-2\s+33430\s+0\/8/);
  const json = await cli('game-sessions', SDK5, '--status', 'ACTIVE', '--json');
  assert.equal(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { gameSessions: Array<{ name: string; status: string }>; truncated: boolean };
  assert.deepEqual(parsed.gameSessions.map((g) => g.name).sort(), ['casual-ffa-2210', 'ranked-duel-4471']);
  assert.equal(parsed.truncated, false);
  const usage = await cli('game-sessions', SDK5, '--status', 'DONE');
  assert.equal(usage.status, 2);
});

test('end-game-session: graceful and --force end a session; SDK 4 and an ended one are refused with exit 1', async () => {
  const graceful = await cli('end-game-session', arnOf(WINDOWS, '09'));
  assert.equal(graceful.status, 0, graceful.stderr);
  assert.equal(graceful.stdout, 'Game session gsess-1a2b3c4d-0009-4e5f-8a9b-0c1d2e3f0009 on i-0b2e6d3f0c8e40001: asked to end (TRIGGER_ON_PROCESS_TERMINATE); now TERMINATING.\n');
  const forced = await cli('end-game-session', arnOf(SDK5, '02'), '--force', '--json');
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(Object.entries(JSON.parse(forced.stdout) as Record<string, unknown>).filter(([k]) => ['status', 'computeName', 'port'].includes(k)), [
    ['computeName', 'i-0a1f5c2e9b7d30002'],
    ['status', 'TERMINATING'],
    ['port', 33431],
  ]);
  const sdk4 = await cli('end-game-session', arnOf(SDK4, '15'));
  assert.equal(sdk4.status, 1);
  assert.match(sdk4.stderr, /^gamelift-connect: TerminateGameSession needs a game server built with server SDK 5 or later/);
  const again = await cli('end-game-session', arnOf(SDK5, '04'));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /cannot be ended in its current status/);
  const usage = await cli('end-game-session', 'gsess-1a2b3c4d-0002-4e5f-8a9b-0c1d2e3f0002');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /not a game session ARN/);
});

test('health says why a fleet is in ERROR and how to save the log of the failure', async () => {
  const r = await cli('health', BROKEN);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], `arena-broken (${BROKEN}): ERROR`);
  assert.match(lines[1]!, /^The fleet is in ERROR since .*: Fleet activation failed/);
  assert.match(r.stdout, new RegExp(`FLEET_ACTIVATION_FAILED\\n  log: gamelift-connect save-log ${BROKEN} [0-9a-f-]{36}\\n$`));
});

test('save-log saves a game session\'s log or a fleet event\'s where --out says, and prints the path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-cli-logs-'));
  const session = await cli('save-log', arnOf(SDK5, '06'), '--out', dir);
  assert.equal(session.status, 0, session.stderr);
  assert.equal(session.stdout, `${join(dir, `game-session-${SDK5}-gsess-1a2b3c4d-0006-4e5f-8a9b-0c1d2e3f0006.zip`)}\n`);
  assert.equal((await readFile(session.stdout.trim())).subarray(0, 2).toString(), 'PK');
  const health = JSON.parse((await cli('health', BROKEN, '--json')).stdout) as { reason: { eventId: string } };
  const event = await cli('save-log', BROKEN, health.reason.eventId, '--out', join(dir, 'activation.log'), '--json');
  assert.equal(event.status, 0, event.stderr);
  const saved = JSON.parse(event.stdout) as { path: string; bytes: number };
  const stored = emulator.scenario.fleetEvents.find((e) => e.fleetId === BROKEN && e.eventCode === 'FLEET_ACTIVATION_FAILED')!.log!;
  assert.deepEqual(saved, { path: join(dir, 'activation.log'), bytes: Buffer.byteLength(stored), contentType: 'text/plain; charset=utf-8' });
  assert.equal(await readFile(saved.path, 'utf8'), stored);
  const again = await cli('save-log', BROKEN, health.reason.eventId, '--out', join(dir, 'activation.log'));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
  const running = await cli('save-log', arnOf(SDK5, '01'));
  assert.equal(running.status, 1);
  assert.match(running.stderr, /no log for game session gsess-1a2b3c4d-0001/);
  assert.doesNotMatch(session.stdout + event.stdout + running.stderr, /X-Amz|https?:/);
});

test('follow persists in the data dir: a later command lists it; --remove drops it', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-cli-follow-'));
  const env = { GAMELIFT_CONNECT_DATA_DIR: dataDir, GAMELIFT_CONNECT_RUNTIME_DIR: join(dataDir, 'run') };
  const followed = await cliWith(env, 'follow', SDK5);
  assert.equal(followed.status, 0, followed.stderr);
  assert.match(followed.stderr, /No daemon is running: the fleets are watched while the app or "gamelift-connect daemon" runs/);
  const listed = await cliWith(env, 'follow', '--json');
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { fleets: Array<{ fleetId: string; region: string }> }).fleets.map((f) => [f.fleetId, f.region]), [[SDK5, 'us-west-2']]);
  const removed = await cliWith(env, 'follow', SDK5, '--remove');
  assert.equal(removed.status, 0, removed.stderr);
  assert.match(removed.stdout, /^FLEET\s+REGION\s+PROFILE\s+WATCHED\s+LAST POLL\s+LAST ERROR\n$/);
  assert.equal((await cliWith(env, 'follow', SDK5, '--remove')).status, 1, 'not followed any more');
});

test('--since: ISO times and spans back from now', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  assert.equal(parseSince('2h', now), now - 7_200_000);
  assert.equal(parseSince('90s', now), now - 90_000);
  assert.equal(parseSince('7d', now), now - 7 * 86_400_000);
  assert.equal(parseSince('2026-12-01T10:00:00Z', now), Date.parse('2026-12-01T10:00:00Z'));
  assert.throws(() => parseSince('2 hours', now), /--since/);
});
