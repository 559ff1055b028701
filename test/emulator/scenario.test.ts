import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario, parseScenario } from '../../emulator/index';
import { locationRegion, World } from '../../emulator/scenario/world';

describe('the default scenario', () => {
  const scenario = loadScenario();
  const world = new World(scenario);

  test('has a fleet of every kind the app must handle', () => {
    const kinds = world.fleets().map((f) => `${f.spec.type}/${f.os}/sdk${f.sdkMajor}`);
    for (const kind of ['EC2/linux/sdk5', 'EC2/windows/sdk5', 'CONTAINER/linux/sdk5', 'EC2/linux/sdk4', 'EC2/windows/sdk4', 'ANYWHERE/linux/sdk5']) {
      assert.ok(kinds.includes(kind), kind);
    }
    assert.ok(world.fleets().some((f) => f.spec.status !== 'ACTIVE'));
    assert.ok(world.fleets().some((f) => f.locations.length > 1));
  });

  test('generates the 5,000-instance fleet with unique IDs', () => {
    const big = world.fleets().find((f) => f.spec.name === 'arena-load-test')!;
    const ids = new Set(big.locations[0]!.instances.map((i) => i.instanceId));
    assert.equal(ids.size, 5000);
    assert.ok([...ids].every((id) => /^i-0[0-9a-f]{16}$/.test(id) && world.instance(id)?.fleet === big));
  });

  test('has game sessions of every status on EC2, container, Anywhere and remote-location computes', () => {
    const sessions = world.gameSessions.all(world.startedAt);
    for (const status of ['ACTIVE', 'ACTIVATING', 'TERMINATED', 'ERROR']) assert.ok(sessions.some((g) => g.status === status), status);
    for (const reason of ['INTERRUPTED', 'TRIGGERED_ON_PROCESS_TERMINATE', 'FORCE_TERMINATED']) assert.ok(sessions.some((g) => g.statusReason === reason), reason);
    for (const type of ['EC2', 'CONTAINER', 'ANYWHERE']) assert.ok(sessions.some((g) => g.fleet.spec.type === type && g.status === 'ACTIVE'), type);
    assert.ok(sessions.some((g) => g.location === 'eu-west-1') && sessions.some((g) => g.location === 'us-east-1'));
    assert.ok(sessions.some((g) => g.players.length > 0));
  });

  test('reaches the Regions of every location, not the Anywhere custom location', () => {
    assert.deepEqual([...world.regions()].sort(), ['ap-northeast-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
  });
});

describe('locationRegion', () => {
  test('maps Regions to themselves, Local Zones to their parent and custom locations to none', () => {
    assert.equal(locationRegion('eu-west-1'), 'eu-west-1');
    assert.equal(locationRegion('us-west-2-lax-1'), 'us-west-2');
    assert.equal(locationRegion('custom-studio-lab'), undefined);
  });
});

describe('scenario validation', () => {
  const base = () => structuredClone(loadScenario()) as unknown as { fleets: Record<string, unknown>[]; builds: unknown[] };

  test('names every problem with its path', () => {
    const broken = base();
    broken.fleets[1]!.fleetId = broken.fleets[0]!.fleetId;
    broken.fleets[3]!.buildId = 'build-missing';
    broken.fleets[4]!.fleetId = 'fleet_bad';
    assert.throws(() => parseScenario(broken, 'broken.json'), (error: Error) => {
      assert.match(error.message, /^Invalid broken\.json:/);
      assert.match(error.message, /fleets\.1\.fleetId: duplicate fleet/);
      assert.match(error.message, /fleets\.3\.buildId: unknown build build-missing/);
      assert.match(error.message, /fleets\.4\.fleetId:/);
      return true;
    });
  });

  test('game sessions must sit on a compute of their fleet location, with consistent times and players', () => {
    const broken = base() as unknown as { gameSessions: Record<string, unknown>[]; fleetEvents: Record<string, unknown>[]; aliases: Record<string, unknown>[] };
    const [first, second, third, fourth] = broken.gameSessions;
    first!.computeName = 'i-0f6cab7d4a2c80003'; // another fleet's instance
    second!.location = 'eu-west-1';
    third!.endedMinutesAgo = 5; // ACTIVATING with an end
    fourth!.id = (first!.id as string);
    fourth!.fleetId = first!.fleetId;
    (fourth!.players as Record<string, unknown>[])[0]!.status = 'ACTIVE'; // a TERMINATED session's player still ACTIVE
    broken.gameSessions[4]!.crashed = true;
    broken.gameSessions[4]!.statusReason = 'FORCE_TERMINATED'; // a crash has no reason
    broken.fleetEvents[0]!.minutesAfterFleetCreation = 3; // both times given
    (broken.aliases[0]!.routingStrategy as Record<string, unknown>).fleetId = 'fleet-00000000-0000-4000-8000-000000000000';
    assert.throws(() => parseScenario(broken), (error: Error) => {
      assert.match(error.message, /gameSessions\.0\.computeName: no compute i-0f6cab7d4a2c80003 in fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001 at us-west-2/);
      assert.match(error.message, /gameSessions\.1\.location: fleet fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001 has no location eu-west-1/);
      assert.match(error.message, /gameSessions\.2\.endedMinutesAgo: TERMINATED game sessions, and only they, have endedMinutesAgo/);
      assert.match(error.message, /gameSessions\.3\.id: duplicate game session/);
      assert.match(error.message, /gameSessions\.3\.players\.0\.status: only an ACTIVE game session has ACTIVE or RESERVED players/);
      assert.match(error.message, /gameSessions\.4\.crashed: a crashed game session is TERMINATED without a statusReason/);
      assert.match(error.message, /fleetEvents\.0: give exactly one of minutesAgo, minutesAfterFleetCreation/);
      assert.match(error.message, /aliases\.0\.routingStrategy\.fleetId: unknown fleet/);
      return true;
    });
  });

  test('a container fleet needs a containerfleet- ID', () => {
    const broken = base();
    const container = broken.fleets.find((f) => f.type === 'CONTAINER')!;
    container.fleetId = 'fleet-0000';
    assert.throws(() => parseScenario(broken), /containerfleet-/);
  });
});
