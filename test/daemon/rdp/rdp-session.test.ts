// RDP sessions against a real RDP server with NLA: SDK 5 Windows through a forward of port 3389
// over SSM, SDK 4 Windows directly with the password GetInstanceAccess issued (launched through
// xfreerdp with the password on stdin); a wrong password is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeFleetPortSettingsCommand } from '@aws-sdk/client-gamelift';
import { launchXfreerdp } from '../../../main/daemon/rdp/linux';
import type { RdpLaunch } from '../../../main/daemon/rdp/launcher';
import { assertPrivateKeyring } from '../../support/keyring';
import { startRdpServer, type RdpServer } from '../../support/rdp-server';
import { FLEETS, startHarness, type Harness } from '../harness';

const SDK5_WINDOWS = 'i-0b2e6d3f0c8e40001';
const SDK4_WINDOWS = 'i-0e5b9a6c3f1b70001';

let rdp: RdpServer;
let h: Harness;
const launches: Array<{ launch: RdpLaunch; exitCode: number | null }> = [];

const authOnly = (launch: RdpLaunch) => launchXfreerdp(launch, { extraArgs: ['/sec:nla', '+auth-only'], env: { ...process.env, DISPLAY: rdp.display } });

before(async () => {
  assertPrivateKeyring();
  rdp = await startRdpServer();
  h = await startHarness(
    {
      ports: { [SDK5_WINDOWS]: { 3389: { host: rdp.host, port: rdp.port } } },
      sdk4: { windowsPassword: rdp.password, rdpAddress: { host: rdp.host, port: rdp.port } },
    },
    {
      settings: { directEndpoints: { [SDK4_WINDOWS]: { rdp: { host: rdp.host, port: rdp.port, username: rdp.user } } } },
      // The platform launcher, in login-check mode; records what it was given and how it ended.
      rdpLauncher: async (launch) => {
        const client = await authOnly(launch);
        const record = { launch, exitCode: null as number | null };
        launches.push(record);
        record.exitCode = await client.exited;
        return client;
      },
    },
  );
});
after(async () => {
  await h?.close();
  await rdp?.stop();
});

test('SDK 5 Windows: RDP forwarded over SSM; the login is accepted through the forward, a wrong one refused', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Windows, computeName: SDK5_WINDOWS, launchClient: false });
  assert.equal(session.transport, 'ssm');
  assert.ok(session.localPort);
  const right = await authOnly({ host: '127.0.0.1', port: session.localPort!, username: rdp.user, password: rdp.password });
  assert.equal(await right.exited, 0, rdp.log());
  const wrong = await authOnly({ host: '127.0.0.1', port: session.localPort!, username: rdp.user, password: 'not-the-password' });
  assert.notEqual(await wrong.exited, 0);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 4 Windows: direct RDP with the issued password, port 3389 opened for /32 and revoked', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  assert.equal(session.transport, 'direct');
  const launched = launches.at(-1)!;
  assert.equal(launched.exitCode, 0, `login refused: ${rdp.log()}`);
  assert.equal(launched.launch.password, rdp.password);
  const rules = async () => ((await h.daemon.identity.gamelift().send(new DescribeFleetPortSettingsCommand({ FleetId: FLEETS.sdk4Windows }))).InboundPermissions ?? []).filter((r) => r.FromPort === 3389);
  assert.deepEqual((await rules()).map((r) => r.IpRange), ['127.0.0.1/32']);
  assert.equal((await h.vaultAccounts()).length, 1);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.deepEqual(await rules(), []);
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('RDP to a Linux instance is Unsupported', async () => {
  await assert.rejects(h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' }), (e: Error & { code?: string }) => e.code === 'Unsupported');
});
