// The RDP button on a Windows compute reaches a real RDP server: the daemon forwards port 3389
// over SSM and launches the platform client (xfreerdp here, on the RDP server's own screen), which
// logs in through the forward and stays connected; the session shows its local port in the panel
// and stays active while the client runs. A client that fails says why, where the button was
// clicked, and its session ends.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { exitWithin } from '../../main/daemon/rdp/client-exit';
import { launchXfreerdp } from '../../main/daemon/rdp/linux';
import type { LaunchedClient, RdpLaunch } from '../../main/daemon/rdp/launcher';
import { startRdpServer, type RdpServer } from '../support/rdp-server';
import { waitFor } from '../support/wait';
import { FLEETS, openApp, WINDOWS_COMPUTE, type App, UI_TEST } from './support/app';

let rdp: RdpServer;
let app: App;
const launches: Array<{ launch: RdpLaunch; client: LaunchedClient }> = [];
/** Whether the next client gets the RDP server's screen (and so can open its window). */
let withDisplay = true;

before(async () => {
  rdp = await startRdpServer();
  app = await openApp({
    emulator: { ports: { [WINDOWS_COMPUTE]: { 3389: { host: rdp.host, port: rdp.port } } } },
    daemon: {
      // The platform launcher. SDK 5 issues no Windows login, so the user types theirs into the
      // client; here the test server's account stands in for that.
      rdpLauncher: async (launch) => {
        const { DISPLAY: _display, ...withoutDisplay } = process.env;
        const env = withDisplay ? { ...process.env, DISPLAY: rdp.display } : withoutDisplay;
        const client = await launchXfreerdp({ ...launch, username: rdp.user, password: rdp.password }, { extraArgs: ['/sec:nla'], env });
        launches.push({ launch, client });
        return client;
      },
    },
  });
});
after(async () => {
  await app?.close();
  await rdp?.stop();
});

/** The client's window on the server's screen: xfreerdp opens it only once the login succeeded. */
const clientWindowOpen = () => execFileSync('xwininfo', ['-root', '-tree', '-display', rdp.display], { encoding: 'utf8' }).includes('"FreeRDP: ');

test('Linux computes offer no RDP; Windows computes do', UI_TEST, async () => {
  await app.pickFleet(FLEETS.linux);
  await app.page.locator('.target-row').first().click();
  assert.equal(await app.page.getByRole('button', { name: 'Remote Desktop' }).count(), 0);
  await app.pickFleet(FLEETS.windows);
  await app.page.locator(`.target-row[data-compute="${WINDOWS_COMPUTE}"]`).click();
  await app.page.getByRole('button', { name: 'Remote Desktop' }).waitFor();
});

test('Remote Desktop forwards 3389, the client logs in through it, and the session stays active while the client runs', UI_TEST, async () => {
  await app.page.getByRole('button', { name: 'Remote Desktop' }).click();
  const card = app.page.locator('.session-card:not(.ended)', { hasText: 'Remote Desktop' });
  await card.waitFor({ timeout: 30_000 });
  const local = await card.getByTestId('local-port').innerText();
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(local)?.[1]);
  assert.ok(port > 0, local);
  const { launch, client } = launches.at(-1)!;
  assert.deepEqual({ host: launch.host, port: launch.port }, { host: '127.0.0.1', port });
  await waitFor('the client to log in through the forward and open its window', clientWindowOpen, 30_000);
  assert.equal(await exitWithin(client, 3000), undefined, `the client exited: ${client.errorOutput().join(' | ')}`);
  assert.equal(await card.count(), 1, 'the session is still active while its client runs');
  await card.getByRole('button', { name: 'End' }).click();
  await app.page.locator('.session-card.ended', { hasText: 'Remote Desktop' }).waitFor();
  assert.notEqual(await exitWithin(client, 5000), undefined, 'ending the session stops its client');
  assert.deepEqual(app.problems, []);
});

test('A client that cannot start says why where Remote Desktop was clicked, and its session ends with that reason', UI_TEST, async () => {
  withDisplay = false;
  await app.page.getByRole('button', { name: 'Remote Desktop' }).click();
  await app.page.getByRole('alert').filter({ hasText: 'failed to open display' }).waitFor({ timeout: 30_000 });
  await app.page.locator('.session-card.ended', { hasText: 'failed to open display' }).waitFor();
  assert.equal(await app.page.locator('.session-card:not(.ended)', { hasText: 'Remote Desktop' }).count(), 0);
  assert.deepEqual(app.problems, []);
});
