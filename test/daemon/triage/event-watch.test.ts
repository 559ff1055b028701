// The event watch through the daemon against the emulator: a followed fleet's new crash events
// become exactly one `notification` each (fleet, event, the compute to open a shell on), old ones
// and harmless ones none; the followed fleets persist in the data dir's settings.json; polls stop
// under another identity and back off while GameLift throttles them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessClient } from '../../../main/daemon/api/in-process';
import { ConnectError, type ConnectClient, type EventPayload } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const POLL_MS = 150;
let h: Harness;
let api: ConnectClient;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness({}, { settings: { eventPollMs: POLL_MS } });
  api = inProcessClient(h.daemon);
});
after(() => h?.close());

const notifications = () => h.emitted.filter((e) => e.event === 'notification').map((e) => e.payload as EventPayload<'notification'>);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the fleet has been polled `n` more times. */
async function polls(fleetId: string, n: number): Promise<void> {
  const polledAt = async () => (await api.listFollowedFleets({})).fleets.find((f) => f.fleetId === fleetId)?.lastPolledAt;
  let last = await polledAt();
  let more = 0;
  await waitFor(`${n} polls of ${fleetId}`, async () => {
    const at = await polledAt();
    if (at !== undefined && at !== last) {
      more++;
      last = at;
    }
    return more >= n;
  }, 20_000);
}

test('following a fleet announces nothing that happened before, then exactly one notification per new crash', async () => {
  const followed = await api.followFleet({ fleetId: FLEETS.sdk5Linux });
  assert.equal(followed.pollIntervalMs, POLL_MS);
  assert.deepEqual(followed.fleets.map((f) => [f.fleetId, f.region, f.profile, f.watching]), [[FLEETS.sdk5Linux, 'us-west-2', null, true]]);
  await polls(FLEETS.sdk5Linux, 3);
  assert.deepEqual(notifications(), [], 'the scenario has crash events from hours ago: none is announced');

  h.emulator.setFaults({ liveFleetEvents: { fleetId: FLEETS.sdk5Linux, everyMs: 400, max: 3 } });
  await waitFor('three notifications', () => notifications().length >= 3, 20_000);
  await polls(FLEETS.sdk5Linux, 5);
  const notes = notifications();
  assert.equal(notes.length, 3, JSON.stringify(notes));
  assert.equal(new Set(notes.map((n) => n.eventId)).size, 3, 'one per event');
  assert.deepEqual(
    notes.map((n) => [n.kind, n.title, n.fleetId, n.eventCode, n.computeName]),
    [
      ['fleet-event', 'Server process crashed on arena-linux-sdk5', FLEETS.sdk5Linux, 'SERVER_PROCESS_CRASHED', 'i-0a1f5c2e9b7d30001'],
      ['fleet-event', 'Server process crashed on arena-linux-sdk5', FLEETS.sdk5Linux, 'SERVER_PROCESS_CRASHED', 'i-0a1f5c2e9b7d30002'],
      ['fleet-event', 'Server process crashed on arena-linux-sdk5', FLEETS.sdk5Linux, 'SERVER_PROCESS_CRASHED', 'i-0a1f5c2e9b7d30001'],
    ],
  );
  assert.match(notes[0]!.body, /live event 1/);
  // Each names an event the fleet's log has, whose log the daemon can save.
  const { events } = await api.listFleetEvents({ fleetId: FLEETS.sdk5Linux, limit: 10 });
  for (const n of notes) assert.equal(events.find((e) => e.eventId === n.eventId)?.code, 'SERVER_PROCESS_CRASHED');
  const saved = await api.downloadFleetEventLog({ fleetId: FLEETS.sdk5Linux, eventId: notes[2]!.eventId! });
  assert.match(await readFile(saved.path, 'utf8'), /live event 3: SERVER_PROCESS_CRASHED Instance: i-0a1f5c2e9b7d30001\./);
});

test('a game session that crashes on a container compute: one notification naming that compute, and the session shows it ended', async () => {
  await api.followFleet({ fleetId: FLEETS.containers });
  try {
    await crashOnContainers();
  } finally {
    await api.unfollowFleet({ fleetId: FLEETS.containers });
  }
});

async function crashOnContainers(): Promise<void> {
  await polls(FLEETS.containers, 2);
  const name = (await api.listFleets({})).fleets.find((f) => f.fleetId === FLEETS.containers)!.name;
  const before = notifications().length;
  const id = `arn:aws:gamelift:us-west-2::gamesession/${FLEETS.containers}/gsess-1a2b3c4d-0011-4e5f-8a9b-0c1d2e3f0011`;
  const crash = h.emulator.crashGameSession(id);
  await waitFor('the crash notification', () => notifications().length > before, 20_000);
  await polls(FLEETS.containers, 3);
  const notes = notifications().slice(before);
  assert.deepEqual(
    notes.map((n) => [n.title, n.fleetId, n.eventId, n.computeName]),
    [[`Server process crashed on ${name}`, FLEETS.containers, crash.eventId, 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001']],
  );
  const { gameSessions } = await api.listGameSessions({ fleetId: FLEETS.containers, computeName: 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001' });
  assert.deepEqual(gameSessions.filter((g) => g.gameSessionId === id).map((g) => [g.status, g.statusReason]), [['TERMINATED', undefined]]);
}

test('events that are no crash or failure raise no notification', async () => {
  const before = notifications().length;
  h.emulator.setFaults({ liveFleetEvents: { fleetId: FLEETS.sdk5Linux, everyMs: 200, max: 2, eventCode: 'FLEET_SCALING_EVENT' } });
  await waitFor('the two scaling events', async () => (await api.listFleetEvents({ fleetId: FLEETS.sdk5Linux, limit: 5 })).events.filter((e) => /Live event \d \(FLEET_SCALING_EVENT\)/.test(e.message)).length === 2, 10_000);
  await polls(FLEETS.sdk5Linux, 3);
  assert.equal(notifications().length, before);
  h.emulator.setFaults({ liveFleetEvents: null });
});

test('the followed fleets persist in settings.json: another daemon on the same data dir watches them; unfollow drops them', async () => {
  const stored = JSON.parse(await readFile(join(h.dataDir, 'settings.json'), 'utf8')) as unknown;
  assert.deepEqual(stored, { followedFleets: [{ fleetId: FLEETS.sdk5Linux, region: 'us-west-2', profile: null }] });
  const second = await startHarness({}, { dataDir: h.dataDir, settings: { eventPollMs: 60_000 } });
  try {
    const listed = await inProcessClient(second.daemon).listFollowedFleets({});
    assert.deepEqual(listed.fleets.map((f) => [f.fleetId, f.watching]), [[FLEETS.sdk5Linux, true]]);
    assert.equal(listed.pollIntervalMs, 60_000);
    await inProcessClient(second.daemon).followFleet({ fleetId: FLEETS.global });
  } finally {
    await second.close();
  }
  // A change here keeps the other daemon's: the list is read again before it is changed.
  const both = await api.followFleet({ fleetId: FLEETS.containers });
  assert.deepEqual(both.fleets.map((f) => f.fleetId), [FLEETS.sdk5Linux, FLEETS.global, FLEETS.containers]);
  await api.unfollowFleet({ fleetId: FLEETS.global });
  const left = await api.unfollowFleet({ fleetId: FLEETS.containers });
  assert.deepEqual(left.fleets.map((f) => f.fleetId), [FLEETS.sdk5Linux]);
  assert.deepEqual((JSON.parse(await readFile(join(h.dataDir, 'settings.json'), 'utf8')) as { followedFleets: Array<{ fleetId: string }> }).followedFleets.map((f) => f.fleetId), [FLEETS.sdk5Linux]);
  await assert.rejects(api.unfollowFleet({ fleetId: FLEETS.containers }), (e: ConnectError) => e.code === 'NotFound' && /not followed/.test(e.message));
  await assert.rejects(api.followFleet({ fleetId: 'fleet-00000000-0000-0000-0000-000000000000' }), (e: ConnectError) => e.code === 'NotFound');
});

test('under another Region the fleet is not polled; back home it is again', async () => {
  await api.setIdentity({ profile: null, region: 'us-east-1' });
  try {
    assert.deepEqual((await api.listFollowedFleets({})).fleets.map((f) => [f.fleetId, f.watching]), [[FLEETS.sdk5Linux, false]]);
  } finally {
    await api.setIdentity({ profile: null, region: 'us-west-2' });
  }
  await polls(FLEETS.sdk5Linux, 1);
  assert.equal((await api.listFollowedFleets({})).fleets[0]?.watching, true);
});

test('while GameLift throttles DescribeFleetEvents the watch backs off instead of polling every interval', { timeout: 60_000 }, async () => {
  let calls = 0;
  const client = h.daemon.identity.gamelift();
  client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'DescribeFleetEventsCommand') calls++;
    return next(args);
  }, { step: 'initialize', name: 'countEventPolls' });
  h.emulator.setFaults({ rateLimits: { DescribeFleetEvents: { burst: 1, perSecond: 0.01 } } });
  try {
    await waitFor('a throttled poll', async () => /throttling/.test((await api.listFollowedFleets({})).fleets[0]?.lastError ?? ''), 20_000);
    calls = 0;
    await sleep(3_000);
    // Unthrottled it would be 3000 / 150 = 20 polls; backing off (×2 each time, from at least ×2) it is a handful.
    assert.ok(calls <= 5, `${calls} polls in 3 s`);
  } finally {
    h.emulator.setFaults({ rateLimits: {} });
    client.middlewareStack.remove('countEventPolls');
  }
});
