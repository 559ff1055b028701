import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetComputeAccessCommand, GetInstanceAccessCommand, ListFleetsCommand, type GameLiftClient } from '@aws-sdk/client-gamelift';
import { DEFAULT_ACCESS_LIMIT, startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';

const testKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const UNLIMITED = { burst: 1000, perSecond: 1000 };

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

before(async () => {
  emu = await startEmulator({
    agent: new RecordingAgent(),
    sdk4: { linuxPrivateKeyPem: testKey, windowsPassword: 'Rdp-Test-Passw0rd!', sshAddress: { host: '127.0.0.1', port: 50022 }, rdpAddress: { host: '127.0.0.1', port: 53389 } },
    // Most tests call the access APIs more often than AWS allows; the throttling tests restore the limit.
    faults: { accessRateLimit: UNLIMITED },
  });
  gl = gameLift(emu);
});
after(() => emu.close());

const computeAccess = (fleet: string, ComputeName: string) => gl.send(new GetComputeAccessCommand({ FleetId: fleetId(emu, fleet), ComputeName }));

describe('GetComputeAccess', () => {
  test('issues fresh session credentials for an SDK 5 EC2 instance', async () => {
    const first = await computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
    const second = await computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
    assert.match(first.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(first.Credentials!.SecretAccessKey!.length >= 40);
    assert.ok(first.Credentials!.SessionToken!.length > 100);
    assert.notEqual(first.Credentials!.AccessKeyId, second.Credentials!.AccessKeyId);
    assert.equal(first.ComputeName, 'i-0a1f5c2e9b7d30001');
    assert.equal(first.Target, undefined, 'EC2 responses carry no Target');
    assert.equal(first.ContainerIdentifiers, undefined);
  });

  test('accepts the fleet ARN in place of its ID', async () => {
    const arn = `arn:aws:gamelift:us-west-2:111122223333:fleet/${fleetId(emu, 'arena-windows-sdk5')}`;
    const out = await gl.send(new GetComputeAccessCommand({ FleetId: arn, ComputeName: 'i-0b2e6d3f0c8e40001' }));
    assert.ok(out.Credentials?.AccessKeyId);
  });

  test('a container compute gets its host as Target and its container identifiers', async () => {
    const out = await computeAccess('arena-containers', 'a1c3e5f7b9d24e6fa1c3e5f7b9d20003');
    assert.equal(out.Target, 'i-0c3f7e4a1d9f50002');
    assert.match(out.ComputeArn!, /:compute\/a1c3e5f7b9d24e6fa1c3e5f7b9d20003$/);
    assert.deepEqual(out.ContainerIdentifiers?.map((c) => c.ContainerName), ['game-server', 'metrics-sidecar']);
  });

  test('a container fleet host instance can be reached by its instance ID', async () => {
    const out = await computeAccess('arena-containers', 'i-0c3f7e4a1d9f50001');
    assert.equal(out.Target, 'i-0c3f7e4a1d9f50001');
    assert.equal(out.ContainerIdentifiers, undefined);
  });

  test('Anywhere fleets have no remote access', async () => {
    const error = await failure(computeAccess('studio-anywhere', 'lab-host-01'));
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /Anywhere/);
  });

  test('server SDK 4 fleets are pointed at GetInstanceAccess', async () => {
    const error = await failure(computeAccess('legacy-linux-sdk4', 'i-0d4a8f5b2e0a60001'));
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /GetInstanceAccess/);
  });

  test('unknown fleets and computes are NotFoundException; malformed names are InvalidRequestException', async () => {
    assert.equal((await failure(gl.send(new GetComputeAccessCommand({ FleetId: 'fleet-00000000-0000-4000-8000-000000000000', ComputeName: 'i-0abc' })))).name, 'NotFoundException');
    assert.equal((await failure(computeAccess('arena-linux-sdk5', 'i-0000000000000dead'))).name, 'NotFoundException');
    const malformed = await failure(computeAccess('arena-linux-sdk5', 'i-0abc;rm -rf'));
    assert.equal(malformed.name, 'InvalidRequestException');
    assert.match(malformed.message, /'computeName'/);
  });
});

describe('GetInstanceAccess', () => {
  test('Linux: the configured RSA key as PKCS#1 PEM, gl-user-remote, the sshd address', async () => {
    const out = await gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'legacy-linux-sdk4'), InstanceId: 'i-0d4a8f5b2e0a60001' }));
    const access = out.InstanceAccess!;
    assert.equal(access.Credentials?.UserName, 'gl-user-remote');
    assert.equal(access.Credentials?.Secret, testKey);
    assert.match(access.Credentials!.Secret!, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.equal(access.IpAddress, '127.0.0.1');
    assert.equal(access.OperatingSystem, 'AMAZON_LINUX_2');
    assert.deepEqual(emu.world.instance('i-0d4a8f5b2e0a60001')?.ports.get(22), { host: '127.0.0.1', port: 50022 });
  });

  test('Windows: the configured RDP password', async () => {
    const out = await gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'legacy-windows-sdk4'), InstanceId: 'i-0e5b9a6c3f1b70001' }));
    assert.deepEqual(out.InstanceAccess?.Credentials, { UserName: 'gl-user-remote', Secret: 'Rdp-Test-Passw0rd!' });
    assert.equal(out.InstanceAccess?.OperatingSystem, 'WINDOWS_2016');
  });

  test('SDK 5 and container fleets are pointed at GetComputeAccess', async () => {
    const sdk5 = await failure(gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), InstanceId: 'i-0a1f5c2e9b7d30001' })));
    assert.match(sdk5.message, /GetComputeAccess/);
    const container = await failure(gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'arena-containers'), InstanceId: 'i-0c3f7e4a1d9f50001' })));
    assert.equal(container.name, 'InvalidRequestException');
  });

  test('an instance of another fleet is NotFoundException', async () => {
    const error = await failure(gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'legacy-linux-sdk4'), InstanceId: 'i-0e5b9a6c3f1b70001' })));
    assert.equal(error.name, 'NotFoundException');
  });
});

describe('generated SDK 4 secrets', () => {
  test('without start-up secrets each fleet gets its own stable key and password', async () => {
    const fresh = await startEmulator({ agent: new RecordingAgent() });
    try {
      const client = gameLift(fresh);
      const key = async () =>
        (await client.send(new GetInstanceAccessCommand({ FleetId: fleetId(fresh, 'legacy-linux-sdk4'), InstanceId: 'i-0d4a8f5b2e0a60001' }))).InstanceAccess!.Credentials!.Secret!;
      const first = await key();
      assert.match(first, /^-----BEGIN RSA PRIVATE KEY-----/);
      assert.equal(await key(), first);
      assert.match(fresh.sdk4.publicKeyOpenSsh(fleetId(fresh, 'legacy-linux-sdk4')), /^ssh-rsa AAAAB3NzaC1yc2E/);
    } finally {
      await fresh.close();
    }
  });
});

describe('access rate limit', () => {
  test('burst 4 then 1 per second per account, as AWS documents', async () => {
    emu.setFaults({ accessRateLimit: DEFAULT_ACCESS_LIMIT });
    try {
      for (let i = 0; i < 4; i++) await computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
      const error = await failure(computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001'));
      assert.equal(error.name, 'ThrottlingException');
      assert.equal(error.$metadata?.httpStatusCode, 400);
      // Other operations have their own limits and are unaffected.
      await gl.send(new ListFleetsCommand({}));
      await sleep(1050);
      await computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
    } finally {
      emu.setFaults({ accessRateLimit: UNLIMITED });
    }
  });

  test('the knob makes it stricter: burst 1 throttles the second call', async () => {
    emu.setFaults({ accessRateLimit: { burst: 1, perSecond: 0.1 } });
    try {
      await gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'legacy-linux-sdk4'), InstanceId: 'i-0d4a8f5b2e0a60001' }));
      const error = await failure(gl.send(new GetInstanceAccessCommand({ FleetId: fleetId(emu, 'legacy-linux-sdk4'), InstanceId: 'i-0d4a8f5b2e0a60001' })));
      assert.equal(error.name, 'ThrottlingException');
    } finally {
      emu.setFaults({ accessRateLimit: UNLIMITED });
    }
  });

  test('a retrying client rides out the throttle', async () => {
    emu.setFaults({ accessRateLimit: { burst: 1, perSecond: 5 } });
    try {
      const retrying = gameLift(emu, { maxAttempts: 5 });
      await retrying.send(new GetComputeAccessCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), ComputeName: 'i-0a1f5c2e9b7d30002' }));
      const out = await retrying.send(new GetComputeAccessCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), ComputeName: 'i-0a1f5c2e9b7d30002' }));
      assert.ok((out.$metadata.attempts ?? 1) >= 2);
    } finally {
      emu.setFaults({ accessRateLimit: UNLIMITED });
    }
  });
});

describe('who may call GameLift', () => {
  test('credentials issued for a compute are not allowed to call GameLift', async () => {
    const c = (await computeAccess('arena-linux-sdk5', 'i-0a1f5c2e9b7d30001')).Credentials!;
    const asCompute = gameLift(emu, { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    const error = await failure(asCompute.send(new ListFleetsCommand({})));
    assert.equal(error.name, 'AccessDeniedException');
    assert.match(error.message, /assumed-role\/.* is not authorized to perform: gamelift:ListFleets/);
  });
});
