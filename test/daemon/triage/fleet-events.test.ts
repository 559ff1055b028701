// Fleet events through the daemon against the emulator: newest first, paged as GameLift pages,
// `since`; event logs saved byte for byte (the presigned URL never leaves the daemon); and the
// health of a fleet in ERROR or still ACTIVATING, in words that say why.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessClient } from '../../../main/daemon/api/in-process';
import { ConnectError, type ConnectClient, type FleetEvent } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startHarness, type Harness } from '../harness';

let h: Harness;
let api: ConnectClient;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness({}, { watchEvents: false });
  api = inProcessClient(h.daemon);
});
after(() => h?.close());

async function allEvents(fleetId: string, limit: number, since?: number): Promise<{ events: FleetEvent[]; pages: number }> {
  const events: FleetEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await api.listFleetEvents({ fleetId, limit, ...(since !== undefined ? { since } : {}), ...(nextToken ? { nextToken } : {}) });
    events.push(...page.events);
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  return { events, pages };
}

test('events newest first, each with its severity, whether it has a log and the compute it names; no URL leaves the daemon', async () => {
  const { events, nextToken } = await api.listFleetEvents({ fleetId: FLEETS.sdk5Linux });
  assert.equal(nextToken, undefined);
  const times = events.map((e) => e.time);
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  const byCode = new Map(events.map((e) => [e.code, e]));
  const crash = byCode.get('SERVER_PROCESS_CRASHED')!;
  assert.equal(crash.severity, 'error');
  assert.equal(crash.hasLog, true);
  assert.equal(crash.computeName, 'i-0a1f5c2e9b7d30002');
  assert.equal(byCode.get('SERVER_PROCESS_TERMINATED_UNHEALTHY')?.computeName, 'i-0a1f5c2e9b7d30001');
  assert.equal(byCode.get('GAME_SESSION_ACTIVATION_TIMEOUT')?.severity, 'warning');
  assert.equal(byCode.get('FLEET_SCALING_EVENT')?.severity, 'info');
  assert.equal(byCode.get('FLEET_SCALING_EVENT')?.hasLog, false);
  assert.doesNotMatch(JSON.stringify(events), /X-Amz|https?:\/\//, 'no presigned URL in what the contract carries');
  const container = await api.listFleetEvents({ fleetId: FLEETS.containers });
  assert.equal(container.events.find((e) => e.code === 'GAME_SERVER_CONTAINER_GROUP_CRASHED')?.computeName, 'a1c3e5f7b9d24e6fa1c3e5f7b9d20004', 'the compute, not its instance');
});

test('paged as GameLift pages: the pages together are the whole list, in order', async () => {
  const whole = await allEvents(FLEETS.broken, 100);
  const paged = await allEvents(FLEETS.broken, 2);
  assert.equal(whole.pages, 1);
  assert.equal(paged.pages, Math.ceil(whole.events.length / 2));
  assert.ok(paged.pages >= 4, `only ${whole.events.length} events`);
  assert.deepEqual(paged.events.map((e) => e.eventId), whole.events.map((e) => e.eventId));
  await assert.rejects(api.listFleetEvents({ fleetId: FLEETS.broken, nextToken: 'bogus-token' }), (e: ConnectError) => e.code === 'InvalidInput' && /page token/.test(e.message));
});

test('since: only events at or after the time', async () => {
  const { events } = await allEvents(FLEETS.sdk5Linux, 100);
  const cut = events[2]!.time;
  const since = await allEvents(FLEETS.sdk5Linux, 100, cut);
  assert.deepEqual(since.events.map((e) => e.eventId), events.filter((e) => e.time >= cut).map((e) => e.eventId));
  assert.ok(since.events.length >= 3 && since.events.length < events.length);
});

test("an event's log: the exact bytes GameLift stored, saved 0600 under the data dir or where asked", async () => {
  const scenarioEvent = h.emulator.scenario.fleetEvents.find((e) => e.fleetId === FLEETS.broken && e.eventCode === 'FLEET_ACTIVATION_FAILED')!;
  const { events } = await api.listFleetEvents({ fleetId: FLEETS.broken });
  const failed = events.find((e) => e.code === 'FLEET_ACTIVATION_FAILED')!;
  const saved = await api.downloadFleetEventLog({ fleetId: FLEETS.broken, eventId: failed.eventId });
  assert.equal(saved.path, join(h.dataDir, 'downloads', `fleet-event-${FLEETS.broken}-${failed.eventId}.log`));
  const expected = Buffer.from(scenarioEvent.log!, 'utf8');
  assert.ok((await readFile(saved.path)).equals(expected), 'the same bytes');
  assert.equal(saved.bytes, expected.length);
  assert.equal((await stat(saved.path)).mode & 0o777, 0o600);
  assert.doesNotMatch(await readFile(h.daemon.log.file!, 'utf8'), /X-Amz-Signature|x-emulator-issued/);
});

test('an event the daemon has not listed is looked up for its log; one without a log, or unknown, is NotFound', async () => {
  const fresh = await startHarness({}, { watchEvents: false });
  try {
    const other = inProcessClient(fresh.daemon);
    const { events } = await api.listFleetEvents({ fleetId: FLEETS.activating });
    const withLog = events.find((e) => e.code === 'SERVER_PROCESS_PROCESS_READY_TIMEOUT')!;
    // Event IDs are stable across emulators of the same scenario; the fresh daemon never listed this one.
    const saved = await other.downloadFleetEventLog({ fleetId: FLEETS.activating, eventId: withLog.eventId });
    const stored = h.emulator.scenario.fleetEvents.find((e) => e.fleetId === FLEETS.activating && e.eventCode === 'SERVER_PROCESS_PROCESS_READY_TIMEOUT')!.log!;
    assert.equal(await readFile(saved.path, 'utf8'), stored);
    const noLog = events.find((e) => !e.hasLog)!;
    await assert.rejects(other.downloadFleetEventLog({ fleetId: FLEETS.activating, eventId: noLog.eventId }), (e: ConnectError) => e.code === 'NotFound' && /has no log/.test(e.message));
    await assert.rejects(other.downloadFleetEventLog({ fleetId: FLEETS.activating, eventId: 'no-such-event' }), (e: ConnectError) => e.code === 'NotFound' && /was not found/.test(e.message));
  } finally {
    await fresh.close();
  }
});

test('fleet health says why: ERROR with the failure that caused it, ACTIVATING with what holds it, ACTIVE', async () => {
  const broken = await api.fleetHealth({ fleetId: FLEETS.broken });
  assert.equal(broken.status, 'ERROR');
  assert.equal(broken.healthy, false);
  assert.equal(broken.reason?.code, 'FLEET_ACTIVATION_FAILED');
  assert.match(broken.summary, /^The fleet is in ERROR since .*: Fleet activation failed: .*cannot open \/local\/game\/server\.cfg/);
  assert.ok(broken.events.length > 0 && broken.events[0]!.code === 'FLEET_STATE_ERROR');
  const activating = await api.fleetHealth({ fleetId: FLEETS.activating });
  assert.equal(activating.healthy, false);
  assert.equal(activating.reason?.code, 'SERVER_PROCESS_PROCESS_READY_TIMEOUT');
  assert.match(activating.summary, /^The fleet is ACTIVATING since .*no computes to connect to until it is ACTIVE\. Latest problem: .*ProcessReady/);
  const fine = await api.fleetHealth({ fleetId: FLEETS.sdk5Windows });
  assert.equal(fine.healthy, true);
  assert.equal(fine.summary, 'The fleet is ACTIVE.');
  await assert.rejects(api.fleetHealth({ fleetId: 'fleet-00000000-0000-0000-0000-000000000000' }), (e: ConnectError) => e.code === 'NotFound');
});
