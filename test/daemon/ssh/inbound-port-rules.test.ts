// Opening and revoking the /32 inbound rule on the emulator's SDK 4 fleet: sessions that start
// together share one rule, it is revoked when the last of them ends, and a rule that cannot be
// revoked is reported rather than forgotten.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeFleetPortSettingsCommand, type GameLiftClient } from '@aws-sdk/client-gamelift';
import { InboundPorts, type InboundRequest } from '../../../main/daemon/ssh/inbound-port';
import type { IdentitySnapshot } from '../../../main/daemon/identity/identity';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { gameLift } from '../../emulator/emulator-fixture';

const SDK4_LINUX = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const request = (address: string): InboundRequest => ({ fleetId: SDK4_LINUX, port: 22, address, mayOpen: true });

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

const snapshot = (client: GameLiftClient, emu: Emulator): IdentitySnapshot => ({ client, region: emu.region, profile: null, endpoints: { gamelift: emu.gameliftEndpoint } });

async function rulesFor(client: GameLiftClient, address: string): Promise<number> {
  const settings = await client.send(new DescribeFleetPortSettingsCommand({ FleetId: SDK4_LINUX }));
  return (settings.InboundPermissions ?? []).filter((r) => r.IpRange === `${address}/32` && r.FromPort === 22).length;
}

test('two sessions starting together share one rule, revoked when the second ends', async () => {
  const client = gameLift(emulator);
  const ports = new InboundPorts();
  const who = snapshot(client, emulator);
  const [first, second] = await Promise.all([ports.ensure(request('203.0.113.7'), who), ports.ensure(request('203.0.113.7'), who)]);
  assert.equal(await rulesFor(client, '203.0.113.7'), 1);
  await first();
  assert.equal(await rulesFor(client, '203.0.113.7'), 1, 'the other session still needs the rule');
  await second();
  assert.equal(await rulesFor(client, '203.0.113.7'), 0);
});

test('a rule that cannot be revoked is reported with the fleet, port and address', async () => {
  const own = await startEmulator();
  const reported: Array<{ fleetId: string; port: number; ipRange: string; reason: string }> = [];
  const ports = new InboundPorts((rule) => reported.push(rule));
  const release = await ports.ensure(request('203.0.113.8'), snapshot(gameLift(own), own));
  await own.close(); // AWS out of reach when the session ends
  await release();
  assert.equal(reported.length, 1);
  assert.deepEqual({ ...reported[0], reason: undefined }, { fleetId: SDK4_LINUX, port: 22, ipRange: '203.0.113.8/32', reason: undefined });
  assert.ok(reported[0]!.reason.length > 0);
});
