// The RDP button on a Windows compute reaches a real RDP server: the daemon forwards port 3389
// over SSM and launches the platform client (xfreerdp here, in +auth-only mode, which performs
// the NLA login and exits 0 on success). The session shows its local port in the panel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchXfreerdp } from '../../main/daemon/rdp/linux';
import type { RdpLaunch } from '../../main/daemon/rdp/launcher';
import { startRdpServer, type RdpServer } from '../support/rdp-server';
import { FLEETS, openApp, WINDOWS_COMPUTE, eventually, type App, UI_TEST } from './support/app';

let rdp: RdpServer;
let app: App;
const launches: Array<{ launch: RdpLaunch; exitCode: number | null }> = [];

before(async () => {
  rdp = await startRdpServer();
  app = await openApp({
    emulator: { ports: { [WINDOWS_COMPUTE]: { 3389: { host: rdp.host, port: rdp.port } } } },
    daemon: {
      // The platform launcher in login-check mode. SDK 5 issues no Windows login, so the user
      // types theirs into the client; here the test server's account stands in for that.
      rdpLauncher: async (launch) => {
        const record = { launch, exitCode: null as number | null };
        launches.push(record);
        const client = await launchXfreerdp(
          { ...launch, username: rdp.user, password: rdp.password },
          { extraArgs: ['/sec:nla', '+auth-only'], env: { ...process.env, DISPLAY: rdp.display } },
        );
        void client.exited.then((code) => (record.exitCode = code));
        return client;
      },
    },
  });
});
after(async () => {
  await app?.close();
  await rdp?.stop();
});

test('Linux computes offer no RDP; Windows computes do', UI_TEST, async () => {
  await app.pickFleet(FLEETS.linux);
  await app.page.locator('.target-row').first().click();
  assert.equal(await app.page.getByRole('button', { name: 'Remote Desktop' }).count(), 0);
  await app.pickFleet(FLEETS.windows);
  await app.page.locator(`.target-row[data-compute="${WINDOWS_COMPUTE}"]`).click();
  await app.page.getByRole('button', { name: 'Remote Desktop' }).waitFor();
});

test('Remote Desktop forwards 3389 and the client logs in through it', UI_TEST, async () => {
  await app.page.getByRole('button', { name: 'Remote Desktop' }).click();
  const card = app.page.locator('.session-card:not(.ended)', { hasText: 'Remote Desktop' });
  await card.waitFor({ timeout: 30_000 });
  const local = await card.getByTestId('local-port').innerText();
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(local)?.[1]);
  assert.ok(port > 0, local);
  const launched = await eventually(async () => launches.at(-1), (l) => l?.exitCode !== undefined && l?.exitCode !== null, 30_000, 'the client to finish its login');
  assert.deepEqual({ host: launched?.launch.host, port: launched?.launch.port }, { host: '127.0.0.1', port });
  assert.equal(launched?.exitCode, 0, `login through the forward failed: ${rdp.log()}`);
  await card.getByRole('button', { name: 'End' }).click();
  await app.page.locator('.session-card.ended', { hasText: 'Remote Desktop' }).waitFor();
  assert.deepEqual(app.problems, []);
});
