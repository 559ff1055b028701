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

  test('a container fleet needs a containerfleet- ID', () => {
    const broken = base();
    const container = broken.fleets.find((f) => f.type === 'CONTAINER')!;
    container.fleetId = 'fleet-0000';
    assert.throws(() => parseScenario(broken), /containerfleet-/);
  });
});
