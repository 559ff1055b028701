import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeFleetPortSettingsCommand, UpdateFleetPortSettingsCommand, type GameLiftClient, type IpPermission } from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

// Time runs 50× faster, so the 5 s location propagation takes 100 ms.
before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent(), timeScale: 50 });
  gl = gameLift(emu);
});
after(() => emu.close());

const ssh = (ip = '203.0.113.7/32'): IpPermission => ({ FromPort: 22, ToPort: 22, IpRange: ip, Protocol: 'TCP' });
const permissions = async (name: string, location?: string) =>
  gl.send(new DescribeFleetPortSettingsCommand({ FleetId: fleetId(emu, name), ...(location ? { Location: location } : {}) }));

describe('UpdateFleetPortSettings', () => {
  test('authorizes and then revokes a rule that matches exactly', async () => {
    const FleetId = fleetId(emu, 'legacy-linux-sdk4');
    await gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [ssh()] }));
    assert.deepEqual((await permissions('legacy-linux-sdk4')).InboundPermissions?.at(-1), ssh());
    await gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionRevocations: [ssh()] }));
    assert.equal((await permissions('legacy-linux-sdk4')).InboundPermissions?.some((p) => p.FromPort === 22), false);
  });

  test('a duplicate authorization is InvalidRequestException naming InvalidPermission.Duplicate', async () => {
    const FleetId = fleetId(emu, 'arena-linux-sdk5');
    await gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [ssh('198.51.100.0/24')] }));
    const error = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [ssh('198.51.100.0/24')] })));
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /InvalidPermission\.Duplicate/);
  });

  test('a revocation that differs in any field matches nothing and changes nothing', async () => {
    const FleetId = fleetId(emu, 'arena-linux-sdk5');
    const before = (await permissions('arena-linux-sdk5')).InboundPermissions;
    const error = await failure(
      gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionRevocations: [{ FromPort: 33430, ToPort: 33440, IpRange: '0.0.0.0/0', Protocol: 'TCP' }] })),
    );
    assert.equal(error.name, 'InvalidRequestException');
    assert.match(error.message, /InvalidPermission\.NotFound/);
    assert.deepEqual((await permissions('arena-linux-sdk5')).InboundPermissions, before);
  });

  test('is all or nothing: one bad rule leaves the good ones out too', async () => {
    const FleetId = fleetId(emu, 'arena-windows-sdk5');
    const before = (await permissions('arena-windows-sdk5')).InboundPermissions;
    const good: IpPermission = { FromPort: 7000, ToPort: 7001, IpRange: '203.0.113.7/32', Protocol: 'TCP' };
    const error = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [good, ssh()] })));
    assert.equal(error.name, 'InvalidRequestException');
    assert.deepEqual((await permissions('arena-windows-sdk5')).InboundPermissions, before);
  });

  test('enforces the port ranges each OS allows', async () => {
    const windows = fleetId(emu, 'arena-windows-sdk5');
    const linux = fleetId(emu, 'arena-linux-sdk5');
    const rdp: IpPermission = { FromPort: 3389, ToPort: 3389, IpRange: '203.0.113.7/32', Protocol: 'TCP' };
    for (const [FleetId, rule] of [
      [windows, ssh()],
      [linux, { FromPort: 443, ToPort: 443, IpRange: '203.0.113.7/32', Protocol: 'TCP' }],
      [linux, { FromPort: 1025, ToPort: 1026, IpRange: '203.0.113.7/32', Protocol: 'TCP' }],
    ] as const) {
      const error = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [rule] })));
      assert.equal(error.name, 'InvalidRequestException', `${FleetId} ${rule.FromPort}`);
    }
    // 3389 lies inside 1026-60000, so Windows fleets can open RDP.
    await gl.send(new UpdateFleetPortSettingsCommand({ FleetId: windows, InboundPermissionAuthorizations: [rdp] }));
  });

  test('validates ports and ranges against the model', async () => {
    const FleetId = fleetId(emu, 'arena-linux-sdk5');
    const zero = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [{ ...ssh(), FromPort: 0 }] })));
    assert.match(zero.message, /inboundPermissionAuthorizations\.1\.member\.fromPort/);
    const cidr = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId, InboundPermissionAuthorizations: [ssh('203.0.113.7')] })));
    assert.match(cidr.message, /CIDR/);
  });

  test('refuses changes while the fleet is not ACTIVE', async () => {
    const error = await failure(gl.send(new UpdateFleetPortSettingsCommand({ FleetId: fleetId(emu, 'arena-next-activating'), InboundPermissionAuthorizations: [ssh()] })));
    assert.equal(error.name, 'InvalidFleetStatusException');
  });

  test('container and Anywhere fleets have no fleet port settings', async () => {
    for (const name of ['arena-containers', 'studio-anywhere']) {
      const error = await failure(permissions(name));
      assert.equal(error.name, 'InvalidRequestException', name);
    }
  });

  test('remote locations show PENDING_UPDATE until the change propagates', async () => {
    await gl.send(new UpdateFleetPortSettingsCommand({ FleetId: fleetId(emu, 'arena-global'), InboundPermissionAuthorizations: [ssh()] }));
    const remote = await permissions('arena-global', 'eu-west-1');
    assert.equal(remote.UpdateStatus, 'PENDING_UPDATE');
    assert.equal(remote.Location, 'eu-west-1');
    assert.equal((await permissions('arena-global', 'us-west-2')).UpdateStatus, undefined);
    await sleep(150);
    assert.equal((await permissions('arena-global', 'eu-west-1')).UpdateStatus, undefined);
  });
});
