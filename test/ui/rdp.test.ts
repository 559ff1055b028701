// The RDP button on a Windows compute reaches a real RDP server: the daemon forwards port 3389
// over SSM and launches the platform client (xfreerdp here, on the RDP server's own screen), which
// logs in through the forward and stays connected; the session shows its local port in the panel
// and stays active while the client runs. A client that fails says why, where the button was
// clicked, and its session ends. An SDK 4 Windows session (direct, with the login GetInstanceAccess
// issued) shows the address and user to type into any client, copies the password to the clipboard
// on the user's click (the daemon does it; the window never sees it) and launches the client again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { toolClipboard } from '../../main/daemon/rdp/clipboard';
import { exitWithin } from '../../main/daemon/rdp/client-exit';
import { launchXfreerdp } from '../../main/daemon/rdp/linux';
import type { LaunchedClient, RdpLaunch } from '../../main/daemon/rdp/launcher';
import { startRdpServer, type RdpServer } from '../support/rdp-server';
import { waitFor } from '../support/wait';
import { eventually, FLEETS, openApp, WINDOWS_COMPUTE, type App, UI_TEST } from './support/app';

const SDK4_WINDOWS = 'i-0e5b9a6c3f1b70001';

let rdp: RdpServer;
let app: App;
const launches: Array<{ launch: RdpLaunch; client: LaunchedClient }> = [];
/** Whether the next client gets the RDP server's screen (and so can open its window). */
let withDisplay = true;

before(async () => {
  rdp = await startRdpServer();
  app = await openApp({
    emulator: {
      ports: { [WINDOWS_COMPUTE]: { 3389: { host: rdp.host, port: rdp.port } } },
      sdk4: { windowsPassword: rdp.password, rdpAddress: { host: rdp.host, port: rdp.port } },
    },
    daemon: {
      settings: { directEndpoints: { [SDK4_WINDOWS]: { rdp: { host: rdp.host, port: rdp.port, username: rdp.user } } } },
      // The clipboard of the RDP server's screen, through the real xclip.
      clipboard: toolClipboard('xclip', { ...process.env, DISPLAY: rdp.display }),
      clipboardClearMs: 20_000,
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

test('SDK 4 Windows: the row shows the address and user; Copy password puts it on the clipboard; Launch again starts the client again', UI_TEST, async () => {
  withDisplay = true;
  const { page } = app;
  await app.pickFleet('legacy-windows-sdk4');
  await page.locator(`.target-row[data-compute="${SDK4_WINDOWS}"]`).dblclick();
  const card = page.locator('.session-card:not(.ended)', { hasText: SDK4_WINDOWS });
  // The fleet's rules keep this machine out at first: the window asks, and opens the port on the click.
  const portClosed = page.locator('.error-note[data-code="PortClosed"]');
  const active = page.locator('.session-card:not(.ended)', { hasText: SDK4_WINDOWS }).filter({ has: page.locator('.badge', { hasText: /^Active$/ }) });
  await eventually(async () => (await portClosed.count()) + (await active.count()), (n) => n > 0, 30_000, 'the PortClosed question or an active session');
  if (await portClosed.count()) await portClosed.getByRole('button', { name: 'Open it for my address' }).click();
  await eventually(() => card.locator('.badge').innerText(), (t) => t === 'Active', 30_000, 'the RDP session active');
  assert.equal(await card.getByTestId('rdp-address').innerText(), `${rdp.host}:${rdp.port}`);
  assert.equal(await card.getByTestId('rdp-user').innerText(), rdp.user);

  await card.getByRole('button', { name: 'Copy password' }).click();
  await card.getByRole('status').filter({ hasText: /Password copied, clears in 20 s/ }).waitFor({ timeout: 15_000 });
  const clip = execFileSync('xclip', ['-selection', 'clipboard', '-o', '-display', rdp.display], { encoding: 'utf8' });
  assert.equal(clip, rdp.password, 'the password is on the clipboard');
  assert.ok(!(await page.content()).includes(rdp.password), 'and never in the page');

  const before = launches.length;
  await card.getByRole('button', { name: 'Launch again' }).click();
  await eventually(() => Promise.resolve(launches.length), (n) => n === before + 1, 30_000, 'a second client');
  assert.deepEqual({ host: launches.at(-1)!.launch.host, port: launches.at(-1)!.launch.port }, { host: rdp.host, port: rdp.port });
  assert.equal(await card.count(), 1, 'the session is still active');

  // An SDK 5 (SSM) session offers Launch again but no password to copy: GameLift issued none.
  await app.pickFleet(FLEETS.windows);
  await page.locator(`.target-row[data-compute="${WINDOWS_COMPUTE}"]`).click();
  await page.getByRole('button', { name: 'Remote Desktop' }).click();
  const ssm = page.locator('.session-card:not(.ended)', { hasText: WINDOWS_COMPUTE });
  await ssm.waitFor({ timeout: 30_000 });
  await eventually(() => ssm.locator('.badge').innerText(), (t) => t === 'Active', 30_000, 'the SSM RDP session active');
  await ssm.getByRole('button', { name: 'Launch again' }).waitFor();
  assert.equal(await ssm.getByRole('button', { name: 'Copy password' }).count(), 0);
  assert.match(await ssm.getByTestId('local-port').innerText(), /^127\.0\.0\.1:\d+/);
  await page.getByRole('button', { name: 'End all sessions', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^End \d+ session/ }).click();
  assert.deepEqual(app.problems, []);
});

test('Share a folder…: a path that is no folder is said in the dialog; a folder is launched with the client and its card shows \\\\tsclient\\<name>', UI_TEST, async () => {
  const { page } = app;
  const dir = mkdtempSync(join(tmpdir(), 'glc-ui-share-'));
  const folder = join(dir, 'Game Logs');
  mkdirSync(folder);
  try {
    await app.pickFleet(FLEETS.windows);
    await page.locator(`.target-row[data-compute="${WINDOWS_COMPUTE}"]`).click();
    await page.getByRole('button', { name: 'Share a folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remote Desktop with a shared folder' });
    const before = launches.length;
    await dialog.getByLabel('Folder on this computer').fill(join(dir, 'missing'));
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'There is no folder' }).waitFor({ timeout: 30_000 });
    assert.equal(launches.length, before, 'nothing launched');

    await dialog.getByLabel('Folder on this computer').fill(folder);
    await dialog.getByLabel('Name in Windows (optional)').fill('logs');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    const card = page.locator('.session-card:not(.ended)', { hasText: WINDOWS_COMPUTE });
    assert.equal(await card.getByTestId('rdp-shared-folder').innerText(), '\\\\tsclient\\logs');
    assert.deepEqual(launches.at(-1)!.launch.share, { path: folder, name: 'logs' });
    await card.getByRole('button', { name: 'End' }).click();
    await page.locator('.session-card.ended', { hasText: WINDOWS_COMPUTE }).first().waitFor();
    assert.deepEqual(app.problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
