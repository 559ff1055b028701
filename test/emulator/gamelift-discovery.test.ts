import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeBuildCommand,
  DescribeComputeCommand,
  DescribeContainerFleetCommand,
  DescribeFleetAttributesCommand,
  DescribeFleetLocationAttributesCommand,
  DescribeInstancesCommand,
  ListComputeCommand,
  ListContainerFleetsCommand,
  ListFleetsCommand,
  paginateDescribeInstances,
  paginateListCompute,
  paginateListFleets,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift } from './emulator-fixture';
import { RecordingAgent } from './emulator-fixture';

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent() });
  gl = gameLift(emu);
});
after(() => emu.close());

describe('ListFleets', () => {
  test('pages through every fleet in the account with opaque tokens', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListFleets({ client: gl, pageSize: 4 }, {})) pages.push(page.FleetIds ?? []);
    assert.deepEqual(pages.map((p) => p.length), [4, 4, 2]);
    assert.deepEqual(pages.flat(), emu.scenario.fleets.map((f) => f.fleetId));
  });

  test('filters by build, given as ID or ARN', async () => {
    const legacy = emu.scenario.builds.find((b) => b.name === 'legacy-server-linux')!;
    const byId = await gl.send(new ListFleetsCommand({ BuildId: legacy.buildId }));
    assert.deepEqual(byId.FleetIds, [fleetId(emu, 'legacy-linux-sdk4')]);
    const arn = `arn:aws:gamelift:us-west-2:${emu.scenario.accountId}:build/${legacy.buildId}`;
    assert.deepEqual((await gl.send(new ListFleetsCommand({ BuildId: arn }))).FleetIds, byId.FleetIds);
  });

  test('refuses a forged token and a token from another query', async () => {
    const forged = await failure(gl.send(new ListFleetsCommand({ NextToken: 'bm90LWEtdG9rZW4' })));
    assert.equal(forged.name, 'InvalidRequestException');
    const first = await gl.send(new ListFleetsCommand({ Limit: 1 }));
    const replayed = await failure(gl.send(new DescribeFleetAttributesCommand({ NextToken: first.NextToken! })));
    assert.equal(replayed.name, 'InvalidRequestException');
  });

  test('rejects a Limit below the model minimum with the field named', async () => {
    const error = await failure(gl.send(new ListFleetsCommand({ Limit: 0 })));
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/);
  });
});

describe('DescribeFleetAttributes', () => {
  test('describes EC2 and Anywhere fleets by ID, omitting unknown and container fleets', async () => {
    const ids = [fleetId(emu, 'arena-linux-sdk5'), fleetId(emu, 'studio-anywhere'), fleetId(emu, 'arena-containers'), 'fleet-00000000-0000-4000-8000-000000000000'];
    const out = await gl.send(new DescribeFleetAttributesCommand({ FleetIds: ids }));
    assert.deepEqual(out.FleetAttributes?.map((f) => [f.FleetId, f.ComputeType]), [
      [ids[0], 'EC2'],
      [ids[1], 'ANYWHERE'],
    ]);
    const linux = out.FleetAttributes![0]!;
    assert.equal(linux.OperatingSystem, 'AMAZON_LINUX_2023');
    assert.equal(linux.Status, 'ACTIVE');
    assert.ok(linux.CreationTime instanceof Date);
    assert.equal(linux.CreationTime.toISOString(), '2026-11-02T17:04:12.431Z');
    assert.match(linux.FleetArn!, /^arn:aws:gamelift:us-west-2:111122223333:fleet\/fleet-/);
  });

  test('includes the non-ACTIVE fleets with their status', async () => {
    const out = await gl.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId(emu, 'arena-next-activating'), fleetId(emu, 'arena-broken')] }));
    assert.deepEqual(out.FleetAttributes?.map((f) => f.Status), ['ACTIVATING', 'ERROR']);
  });

  test('rejects a malformed fleet ID', async () => {
    const error = await failure(gl.send(new DescribeFleetAttributesCommand({ FleetIds: ['not a fleet'] })));
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /Value 'not a fleet' at 'fleetIds.1.member' failed to satisfy constraint/);
  });
});

describe('DescribeBuild', () => {
  test('reports the server SDK version that decides the access API', async () => {
    const sdk4 = emu.scenario.builds.find((b) => b.name === 'legacy-server-windows')!;
    const out = await gl.send(new DescribeBuildCommand({ BuildId: sdk4.buildId }));
    assert.equal(out.Build?.ServerSdkVersion, '4.0.2');
    assert.equal(out.Build?.OperatingSystem, 'WINDOWS_2016');
  });

  test('answers NotFoundException (HTTP 400) for an unknown build', async () => {
    const error = await failure(gl.send(new DescribeBuildCommand({ BuildId: 'build-00000000-0000-4000-8000-000000000000' })));
    assert.equal(error.name, 'NotFoundException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });
});

describe('container fleets', () => {
  test('ListContainerFleets and DescribeContainerFleet describe the container fleet', async () => {
    const list = await gl.send(new ListContainerFleetsCommand({}));
    assert.deepEqual(list.ContainerFleets?.map((f) => f.FleetId), [fleetId(emu, 'arena-containers')]);
    const out = await gl.send(new DescribeContainerFleetCommand({ FleetId: fleetId(emu, 'arena-containers') }));
    assert.equal(out.ContainerFleet?.GameServerContainerGroupDefinitionName, 'arena-game-server');
    assert.match(out.ContainerFleet!.FleetArn!, /:containerfleet\/containerfleet-/);
    assert.equal(out.ContainerFleet?.Status, 'ACTIVE');
  });

  test('DescribeContainerFleet does not know EC2 fleets', async () => {
    const error = await failure(gl.send(new DescribeContainerFleetCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5') })));
    assert.equal(error.name, 'NotFoundException');
  });

  test('container computes carry an ARN, their host instance and container identifiers', async () => {
    const out = await gl.send(new ListComputeCommand({ FleetId: fleetId(emu, 'arena-containers') }));
    assert.equal(out.ComputeList?.length, 4);
    const compute = out.ComputeList![0]!;
    assert.match(compute.ComputeArn!, /:compute\//);
    assert.equal(compute.InstanceId, 'i-0c3f7e4a1d9f50001');
    assert.deepEqual(compute.ContainerAttributes?.map((c) => c.ContainerName), ['game-server', 'metrics-sidecar']);
    assert.match(compute.ContainerAttributes![0]!.ContainerRuntimeId!, /^[0-9a-f]{64}$/);
  });
});

describe('multi-location fleets', () => {
  const fleet = () => fleetId(emu, 'arena-global');

  test('DescribeFleetLocationAttributes lists the home Region and each remote location', async () => {
    const out = await gl.send(new DescribeFleetLocationAttributesCommand({ FleetId: fleet() }));
    assert.deepEqual(out.LocationAttributes?.map((l) => [l.LocationState?.Location, l.LocationState?.Status]), [
      ['us-west-2', 'ACTIVE'],
      ['us-east-1', 'ACTIVE'],
      ['eu-west-1', 'ACTIVE'],
      ['ap-northeast-1', 'ACTIVATING'],
    ]);
  });

  test('ListCompute and DescribeInstances show the home Region unless a location is named', async () => {
    const home = await gl.send(new ListComputeCommand({ FleetId: fleet() }));
    assert.deepEqual(new Set(home.ComputeList?.map((c) => c.Location)), new Set(['us-west-2']));
    const eu = await gl.send(new DescribeInstancesCommand({ FleetId: fleet(), Location: 'eu-west-1' }));
    assert.deepEqual(eu.Instances?.map((i) => [i.InstanceId, i.Status]), [
      ['i-0f6cab7d4a2c80004', 'ACTIVE'],
      ['i-0f6cab7d4a2c80005', 'PENDING'],
    ]);
  });

  test('a location the fleet does not have is a client error', async () => {
    const error = await failure(gl.send(new ListComputeCommand({ FleetId: fleet(), Location: 'sa-east-1' })));
    assert.equal(error.name, 'InvalidRequestException');
  });
});

describe('computes and instances', () => {
  test('EC2 computes are named by instance ID and report their status as the console does', async () => {
    const out = await gl.send(new DescribeComputeCommand({ FleetId: fleetId(emu, 'arena-windows-sdk5'), ComputeName: 'i-0b2e6d3f0c8e40001' }));
    assert.equal(out.Compute?.ComputeName, 'i-0b2e6d3f0c8e40001');
    assert.equal(out.Compute?.ComputeStatus, 'Active');
    assert.equal(out.Compute?.ComputeArn, undefined);
    assert.equal(out.Compute?.OperatingSystem, 'WINDOWS_2022');
  });

  test('Anywhere computes come from ListCompute; DescribeInstances refuses Anywhere fleets', async () => {
    const out = await gl.send(new ListComputeCommand({ FleetId: fleetId(emu, 'studio-anywhere') }));
    assert.deepEqual(out.ComputeList?.map((c) => [c.ComputeName, c.Location, c.IpAddress]), [
      ['lab-host-01', 'custom-studio-lab', '192.0.2.41'],
      ['lab-host-02', 'custom-studio-lab', '192.0.2.42'],
    ]);
    const error = await failure(gl.send(new DescribeInstancesCommand({ FleetId: fleetId(emu, 'studio-anywhere') })));
    assert.equal(error.name, 'InvalidRequestException');
  });

  test('an unknown compute is NotFoundException', async () => {
    const error = await failure(gl.send(new DescribeComputeCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), ComputeName: 'i-0000000000000dead' })));
    assert.equal(error.name, 'NotFoundException');
  });

  test('the 5,000-instance fleet pages through every compute exactly once', async () => {
    const names = new Set<string>();
    let pages = 0;
    for await (const page of paginateListCompute({ client: gl, pageSize: 1000 }, { FleetId: fleetId(emu, 'arena-load-test') })) {
      pages++;
      for (const c of page.ComputeList ?? []) names.add(c.ComputeName!);
    }
    assert.equal(names.size, 5000);
    assert.equal(pages, 5);
  });

  test('without a Limit a page holds 100 instances', async () => {
    const out = await gl.send(new DescribeInstancesCommand({ FleetId: fleetId(emu, 'arena-load-test') }));
    assert.equal(out.Instances?.length, 100);
    assert.ok(out.NextToken);
  });

  test('paging faster than the 30-per-second describe limit is throttled, as on AWS', async () => {
    const seen = new Set<string>();
    const error = await failure(
      (async () => {
        for await (const page of paginateDescribeInstances({ client: gl, pageSize: 10 }, { FleetId: fleetId(emu, 'arena-load-test') })) {
          for (const i of page.Instances ?? []) seen.add(i.InstanceId!);
        }
      })(),
    );
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.ok(seen.size >= 280 && seen.size < 5000, `saw ${seen.size}`);
  });
});
