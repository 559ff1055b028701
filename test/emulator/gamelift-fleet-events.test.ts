// DescribeFleetEvents through the AWS SDK v3 client: each fleet's status history and the
// scenario's failure events, newest first, time windows, paging, the logs behind PreSignedLogUrl,
// and events that appear while a client polls (the liveFleetEvents knob).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeFleetEventsCommand,
  DescribeGameSessionsCommand,
  DescribePlayerSessionsCommand,
  GetGameSessionLogUrlCommand,
  paginateDescribeFleetEvents,
  type Event,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';
import { readZip } from './zip-reader';

const UNLIMITED = { burst: 1000, perSecond: 1000 };
const MINUTE = 60_000;

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent(), faults: { rateLimits: { DescribeFleetEvents: UNLIMITED } } });
  gl = gameLift(emu);
});
after(() => emu.close());

const events = async (fleet: string, input: { StartTime?: Date; EndTime?: Date } = {}): Promise<Event[]> => {
  const all: Event[] = [];
  for await (const page of paginateDescribeFleetEvents({ client: gl, pageSize: 4 }, { FleetId: fleetId(emu, fleet), ...input })) all.push(...(page.Events ?? []));
  return all;
};
const created = (fleet: string) => Date.parse(emu.scenario.fleets.find((f) => f.name === fleet)!.creationTime);

describe('DescribeFleetEvents', () => {
  test('an ACTIVE fleet: its scenario events and its status changes, newest first', async () => {
    const list = await events('arena-linux-sdk5');
    assert.deepEqual(list.map((e) => e.EventCode), [
      'GAME_SESSION_ACTIVATION_TIMEOUT',
      'SERVER_PROCESS_CRASHED',
      'SERVER_PROCESS_TERMINATED_UNHEALTHY',
      'FLEET_SCALING_EVENT',
      'FLEET_STATE_ACTIVE',
      'FLEET_STATE_ACTIVATING',
      'FLEET_STATE_BUILDING',
      'FLEET_STATE_VALIDATING',
      'FLEET_STATE_DOWNLOADING',
      'FLEET_CREATED',
    ]);
    const times = list.map((e) => e.EventTime!.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const id = fleetId(emu, 'arena-linux-sdk5');
    const createdEvent = list.at(-1)!;
    assert.deepEqual(
      { ...createdEvent, EventId: undefined },
      { EventId: undefined, ResourceId: id, EventCode: 'FLEET_CREATED', Message: `Fleet ${id} created.`, EventTime: new Date(created('arena-linux-sdk5')) },
    );
    assert.match(createdEvent.EventId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(list.map((e) => e.EventId)).size, list.length);
    assert.equal(list[5]!.Message, `Fleet ${id} changed state from BUILDING to ACTIVATING.`);
    const crash = list[1]!;
    assert.equal(crash.EventTime!.getTime(), emu.world.startedAt - 242 * MINUTE);
    assert.match(crash.Message!, /exit code 139 \(SIGSEGV\)\. Instance i-0a1f5c2e9b7d30002, .*game session arn:aws:gamelift:us-west-2::gamesession\/fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001\/gsess-1a2b3c4d-0005-/);
    assert.ok(crash.PreSignedLogUrl?.startsWith(`${emu.logsEndpoint}/gamelift-logs-us-west-2/fleet-events/${id}/${crash.EventId}.txt?`));
    assert.equal(list[0]!.PreSignedLogUrl, undefined, 'events without a stored log have no URL');
  });

  test('a fleet in ERROR: how activation failed, with logs, then FLEET_STATE_ERROR', async () => {
    const list = await events('arena-broken');
    assert.deepEqual(list.map((e) => [e.EventCode, e.Count, Boolean(e.PreSignedLogUrl)]), [
      ['FLEET_STATE_ERROR', undefined, false],
      ['FLEET_ACTIVATION_FAILED', undefined, true],
      ['SERVER_PROCESS_CRASHED', 3, true],
      ['FLEET_STATE_ACTIVATING', undefined, false],
      ['FLEET_STATE_BUILDING', undefined, false],
      ['FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', undefined, true],
      ['FLEET_CREATION_RUNNING_INSTALLER', undefined, true],
      ['FLEET_CREATION_EXTRACTING_BUILD', undefined, true],
      ['FLEET_STATE_VALIDATING', undefined, false],
      ['FLEET_STATE_DOWNLOADING', undefined, false],
      ['FLEET_CREATED', undefined, false],
    ]);
    const id = fleetId(emu, 'arena-broken');
    assert.equal(list[0]!.Message, `Fleet ${id} changed state from ACTIVATING to ERROR.`);
    assert.match(list[1]!.Message!, /no server process called ProcessReady\(\).*cannot open \/local\/game\/server\.cfg/);
    assert.equal(list[1]!.EventTime!.getTime(), created('arena-broken') + 40 * MINUTE);
    const response = await fetch(list[1]!.PreSignedLogUrl!);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await response.text(), /^Activation attempt 1: process exited with code 1/);
    assert.match(await (await fetch(list[2]!.PreSignedLogUrl!)).text(), /cannot open \/local\/game\/server\.cfg/);
  });

  test('an ACTIVATING fleet stops at ACTIVATING, with what holds it up', async () => {
    const list = await events('arena-next-activating');
    assert.deepEqual(list.slice(0, 2).map((e) => e.EventCode), ['SERVER_PROCESS_PROCESS_READY_TIMEOUT', 'FLEET_STATE_ACTIVATING']);
    assert.ok(!list.some((e) => e.EventCode === 'FLEET_STATE_ACTIVE'));
    assert.match(list[0]!.Message!, /did not call ProcessReady\(\) within 5 minutes/);
  });

  test('container and Anywhere fleets have their own status histories', async () => {
    assert.deepEqual((await events('arena-containers')).map((e) => e.EventCode), [
      'GAME_SERVER_CONTAINER_GROUP_CRASHED',
      'FLEET_STATE_ACTIVE',
      'FLEET_STATE_ACTIVATING',
      'FLEET_STATE_CREATED',
      'FLEET_STATE_CREATING',
      'FLEET_CREATED',
    ]);
    assert.deepEqual((await events('studio-anywhere')).map((e) => e.EventCode), ['FLEET_STATE_ACTIVE', 'FLEET_CREATED']);
    assert.deepEqual((await events('arena-load-test')).map((e) => e.EventCode)[0], 'INSTANCE_INTERRUPTED');
  });

  test('StartTime and EndTime bound the window, both inclusive', async () => {
    const all = await events('arena-broken');
    const activating = all.find((e) => e.EventCode === 'FLEET_STATE_ACTIVATING')!.EventTime!;
    const failed = all.find((e) => e.EventCode === 'FLEET_ACTIVATION_FAILED')!.EventTime!;
    const window = await events('arena-broken', { StartTime: activating, EndTime: failed });
    assert.deepEqual(window.map((e) => e.EventCode), ['FLEET_ACTIVATION_FAILED', 'SERVER_PROCESS_CRASHED', 'FLEET_STATE_ACTIVATING']);
    assert.deepEqual((await events('arena-broken', { StartTime: failed })).map((e) => e.EventCode), ['FLEET_STATE_ERROR', 'FLEET_ACTIVATION_FAILED']);
    assert.deepEqual((await events('arena-broken', { EndTime: activating })).length, 8);
    assert.deepEqual(await events('arena-broken', { StartTime: failed, EndTime: activating }), []);
  });

  test('pages: Limit and NextToken, tokens bound to the query', async () => {
    const first = await gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-broken'), Limit: 5 }));
    assert.equal(first.Events?.length, 5);
    assert.ok(first.NextToken);
    const second = await gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-broken'), Limit: 5, NextToken: first.NextToken }));
    assert.deepEqual(second.Events?.map((e) => e.EventCode), ['FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', 'FLEET_CREATION_RUNNING_INSTALLER', 'FLEET_CREATION_EXTRACTING_BUILD', 'FLEET_STATE_VALIDATING', 'FLEET_STATE_DOWNLOADING']);
    const third = await gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-broken'), Limit: 5, NextToken: second.NextToken }));
    assert.deepEqual([third.Events?.map((e) => e.EventCode), third.NextToken], [['FLEET_CREATED'], undefined]);
    assert.deepEqual([...first.Events!, ...second.Events!].map((e) => e.EventCode), (await events('arena-broken')).slice(0, 10).map((e) => e.EventCode));
    const other = await failure(gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), NextToken: first.NextToken })));
    assert.equal(other.name, 'InvalidRequestException');
    const forged = await failure(gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-broken'), NextToken: 'bm90LWEtdG9rZW4' })));
    assert.equal(forged.name, 'InvalidRequestException');
  });

  test('errors: unknown fleet, missing fleet, model violations', async () => {
    const missing = await failure(gl.send(new DescribeFleetEventsCommand({ FleetId: 'fleet-00000000-0000-4000-8000-000000000000' })));
    assert.deepEqual([missing.name, missing.$metadata?.httpStatusCode], ['NotFoundException', 400]);
    const none = await failure(gl.send(new DescribeFleetEventsCommand({} as never)));
    assert.equal(none.name, 'InvalidRequestException');
    assert.match(none.message, /Value null at 'fleetId' failed to satisfy constraint: Member must not be null/);
    const limit = await failure(gl.send(new DescribeFleetEventsCommand({ FleetId: fleetId(emu, 'arena-broken'), Limit: 0 })));
    assert.match(limit.message, /at 'limit' failed to satisfy constraint/);
  });
});

describe('events that appear while a client polls', () => {
  test('the liveFleetEvents knob adds one every interval; a pager keeps its snapshot; addEvent adds one now', async () => {
    const fleet = fleetId(emu, 'legacy-windows-sdk4');
    const before = (await events('legacy-windows-sdk4')).length;
    // A client starts paging, then events begin to arrive.
    const page = await gl.send(new DescribeFleetEventsCommand({ FleetId: fleet, Limit: 2 }));
    emu.setFaults({ liveFleetEvents: { fleetId: fleet, everyMs: 150, max: 4 } });
    try {
      let list: Event[] = [];
      for (let i = 0; i < 100 && list.filter((e) => e.EventCode === 'SERVER_PROCESS_CRASHED').length < 2; i++) {
        await sleep(50);
        list = await events('legacy-windows-sdk4');
      }
      const live = list.filter((e) => e.EventCode === 'SERVER_PROCESS_CRASHED');
      assert.ok(live.length >= 2);
      assert.match(live[0]!.Message!, /Server process exited without calling ProcessEnding\(\).*Instance: i-0e5b9a6c3f1b70001\./);
      assert.ok(live[0]!.EventTime! > live[1]!.EventTime!, 'newest first');
      assert.ok(live[0]!.PreSignedLogUrl);
      // The page fetched before they appeared continues as it was: no event twice, none new.
      const rest = await gl.send(new DescribeFleetEventsCommand({ FleetId: fleet, Limit: 100, NextToken: page.NextToken }));
      const paged = [...page.Events!, ...rest.Events!];
      assert.equal(paged.length, before);
      assert.ok(!paged.some((e) => e.EventCode === 'SERVER_PROCESS_CRASHED'));
      // It stops at max.
      await sleep(800);
      assert.equal((await events('legacy-windows-sdk4')).filter((e) => e.EventCode === 'SERVER_PROCESS_CRASHED').length, 4);
    } finally {
      emu.setFaults({ liveFleetEvents: null });
    }
    emu.world.fleetEvents.add(fleet, { eventCode: 'GENERIC_EVENT', message: 'Added by a test.', log: 'details\n' });
    const [newest] = await events('legacy-windows-sdk4');
    assert.deepEqual([newest!.EventCode, newest!.Message], ['GENERIC_EVENT', 'Added by a test.']);
    assert.equal(await (await fetch(newest!.PreSignedLogUrl!)).text(), 'details\n');
  });
});

describe('crashGameSession', () => {
  test('ends the game session without a StatusReason and logs SERVER_PROCESS_CRASHED naming its compute and the session', async () => {
    const id = `arn:aws:gamelift:us-west-2::gamesession/${fleetId(emu, 'arena-containers')}/gsess-1a2b3c4d-0011-4e5f-8a9b-0c1d2e3f0011`;
    const event = emu.crashGameSession(id);
    const [g] = (await gl.send(new DescribeGameSessionsCommand({ GameSessionId: id }))).GameSessions!;
    assert.deepEqual([g!.Status, g!.StatusReason, g!.CurrentPlayerSessionCount, g!.TerminationTime?.getTime()], ['TERMINATED', undefined, 0, event.time]);
    const players = (await gl.send(new DescribePlayerSessionsCommand({ GameSessionId: id }))).PlayerSessions!;
    assert.deepEqual(new Set(players.map((p) => p.Status)), new Set(['COMPLETED']));
    const [newest] = await events('arena-containers');
    assert.deepEqual([newest!.EventCode, newest!.EventId], ['SERVER_PROCESS_CRASHED', event.eventId]);
    assert.equal(newest!.Message, `Server process exited without calling ProcessEnding(): exit code 139 (SIGSEGV). Compute a1c3e5f7b9d24e6fa1c3e5f7b9d20001, launch path /local/game/GameServer, game session ${id}.`);
    assert.match(await (await fetch(newest!.PreSignedLogUrl!)).text(), /exited with code 139 \(SIGSEGV\) while hosting .* on a1c3e5f7b9d24e6fa1c3e5f7b9d20001 \(us-west-2\)/);
    assert.throws(() => emu.crashGameSession(id), /is TERMINATED, not running/);
    // An EC2 session's stored log ends with the crash.
    const ec2 = `arn:aws:gamelift:us-west-2::gamesession/${fleetId(emu, 'arena-linux-sdk5')}/gsess-1a2b3c4d-0002-4e5f-8a9b-0c1d2e3f0002`;
    emu.crashGameSession(ec2, 134);
    const { PreSignedUrl } = await gl.send(new GetGameSessionLogUrlCommand({ GameSessionId: ec2 }));
    const [log] = readZip(Buffer.from(await (await fetch(PreSignedUrl!)).arrayBuffer()));
    assert.match(log!.text, /FATAL .* without calling ProcessEnding\(\)\n$/);
    assert.match((await events('arena-linux-sdk5'))[0]!.Message!, /exit code 134 \(SIGABRT\)\. Compute i-0a1f5c2e9b7d30002/);
    assert.throws(() => emu.crashGameSession('arn:aws:gamelift:us-west-2::gamesession/fleet-x/none'), /No game session/);
  });
});
