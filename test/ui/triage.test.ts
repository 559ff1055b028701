// Issue #11 in the window: from a player's report or a crash to the right instance. Ctrl+K finds
// a game session and opens a shell on its compute in one keystroke (and a forward prefilled with
// its port); a `#find` link opens the box; the compute view lists its game sessions, ends one after
// a confirmation naming it, shows AWS's refusal on an SDK 4 fleet and saves an ended one's log;
// a fleet's events page with "Load more" and save their logs; an ERROR fleet says why instead of
// "no computes"; Follow makes a crash a toast whose click opens a shell on the instance it names;
// recent connections survive a reload and reopen in one click. Real daemon, real emulator.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { inProcessClient } from '../../main/daemon/api/in-process';
import type { ConnectClient } from '../../preload/contract';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

const LINUX_FLEET_ID = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const gsess = (n: number) => `gsess-1a2b3c4d-${String(n).padStart(4, '0')}-4e5f-8a9b-0c1d2e3f${String(n).padStart(4, '0')}`;
const arn = (fleetId: string, n: number) => `arn:aws:gamelift:us-west-2::gamesession/${fleetId}/${gsess(n)}`;

let app: App;
let api: ConnectClient;
before(async () => {
  app = await openApp({ daemon: { settings: { eventPollMs: 300 } } });
  api = inProcessClient(app.web.daemon);
});
after(() => app?.close());

const openCards = (compute: string) => app.page.locator('.session-card:not(.ended)', { hasText: compute });
const findBox = () => app.page.getByRole('combobox', { name: /Find a game session/ });

test('Ctrl+K finds a game session by its ID, and Enter opens a shell on its compute', UI_TEST, async () => {
  const { page } = app;
  await page.locator('body').click();
  await page.keyboard.press('Control+k');
  await findBox().waitFor();
  assert.equal(await page.evaluate('document.activeElement?.getAttribute("role")'), 'combobox', 'the search box has the focus');
  await page.keyboard.type(gsess(2));
  await page.keyboard.press('Enter');
  const match = page.locator('.find-match').first();
  await match.waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.find-match').count(), 1);
  const text = await match.innerText();
  assert.match(text, /arena-linux-sdk5/);
  assert.match(text, /i-0a1f5c2e9b7d30002/);
  assert.match(text, /port 33431/);
  assert.match(text, /casual-ffa-2210 · \d+\/\d+ players/);
  assert.match(await page.getByTestId('find-summary').innerText(), /Searched as game session/);
  await page.keyboard.press('Enter');
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor({ timeout: 30_000 });
  await openCards('i-0a1f5c2e9b7d30002').waitFor();
  assert.equal(await findBox().count(), 0, 'the box closed');
  const shell = app.apiCalls.filter((c) => c.method === 'openShell').at(-1);
  assert.deepEqual(shell?.input, { fleetId: LINUX_FLEET_ID, computeName: 'i-0a1f5c2e9b7d30002' });
});

test('Ctrl+K works from inside a terminal; a player ID lists their sessions; "Forward port" opens the forward dialog prefilled', UI_TEST, async () => {
  const { page } = app;
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
  await page.keyboard.press('Control+k');
  await findBox().waitFor();
  await findBox().fill('player-3f9c21');
  await page.keyboard.press('Enter');
  await page.locator('.find-match').first().waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId('find-summary').innerText(), /player ID/);
  const withPort = page.locator('.find-match', { hasText: 'port 33430' }).first();
  await withPort.getByRole('button', { name: /^Forward port 33430/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward a port' });
  await dialog.waitFor();
  assert.equal(await dialog.locator('input[name="remotePort"]').inputValue(), '33430');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.keyboard.press('Control+k');
  await findBox().fill('something typed');
  await page.keyboard.press('Escape');
  await findBox().waitFor({ state: 'detached' });
});

test('a search GameLift throttled in part says it is partial, and why', UI_TEST, async () => {
  const { page } = app;
  const emu = app.web.sandbox!.emulator!;
  emu.setFaults({ rateLimits: { DescribePlayerSessions: { burst: 0, perSecond: 0.001 } } });
  try {
    await page.keyboard.press('Control+k');
    await findBox().fill('player-3f9c21');
    await page.keyboard.press('Enter');
    const partial = page.getByRole('note').filter({ hasText: 'Partial search.' });
    await partial.waitFor({ timeout: 30_000 });
    assert.ok((await partial.innerText()).length > 'Partial search.'.length + 5, 'the notes say why');
    await page.keyboard.press('Escape');
  } finally {
    emu.setFaults({ rateLimits: {} });
  }
});

test('a #find link opens the search box focused; a fleet that cannot be reached is shown, not opened', UI_TEST, async () => {
  const { page } = app;
  await page.evaluate("location.hash = 'find=studio-anywhere'");
  await findBox().waitFor();
  assert.equal(await findBox().inputValue(), 'studio-anywhere');
  const match = page.locator('.find-match').first();
  await match.waitFor({ timeout: 20_000 });
  assert.equal(await page.evaluate('location.hash'), '', 'the fragment is cleared');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'studio-anywhere', exact: true }).waitFor();
  assert.equal(app.apiCalls.filter((c) => c.method === 'openShell' && (c.input as { fleetId: string }).fleetId.endsWith('0006')).length, 0);
});

test('a compute lists its game sessions; ending one asks first, naming it; an ended one\'s log is saved', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.linux);
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).click();
  await page.getByRole('button', { name: 'Game sessions' }).click();
  const panel = page.getByRole('region', { name: `Game sessions on ${LINUX_COMPUTE}` });
  const row = (n: number) => panel.locator(`tr[data-game-session="${gsess(n)}"]`);
  await row(1).waitFor({ timeout: 20_000 });
  assert.match(await row(1).innerText(), /ranked-duel-4471[\s\S]*Active[\s\S]*33430[\s\S]*\d+\/\d+/);
  assert.match(await row(6).innerText(), /Force terminated/);
  assert.equal(await panel.locator('tr[data-game-session]').count(), 4, 'the four game sessions of this compute, no other');

  await row(1).getByRole('button', { name: 'End', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'End the game session?' });
  await confirm.waitFor();
  assert.match(await confirm.innerText(), new RegExp(`ranked-duel-4471 \\(${gsess(1)}\\)`));
  await confirm.getByRole('button', { name: 'End game session' }).click();
  await eventually(() => row(1).innerText(), (t) => /Terminating|Terminated/.test(t), 15_000, 'the session terminating');
  const terminate = app.apiCalls.filter((c) => c.method === 'terminateGameSession').at(-1);
  assert.deepEqual(terminate?.input, { gameSessionId: arn(LINUX_FLEET_ID, 1), mode: 'graceful' });

  await row(4).getByRole('button', { name: 'Save log' }).click();
  const saved = row(4).getByRole('status');
  await saved.waitFor({ timeout: 15_000 });
  const path = await saved.locator('code').innerText();
  assert.ok(existsSync(path), `the log is at ${path}`);
});

test('ending a game session on an SDK 4 fleet shows AWS\'s refusal', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet('legacy-linux-sdk4');
  await page.locator('.target-row').first().click();
  await page.getByRole('button', { name: 'Game sessions' }).click();
  const row = page.locator(`tr[data-game-session="${gsess(15)}"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Force end' }).click();
  await page.getByRole('dialog', { name: 'Force-end the game session?' }).getByRole('button', { name: 'Force end' }).click();
  const error = page.locator('.game-sessions .error-note');
  await error.waitFor({ timeout: 15_000 });
  assert.match(await error.innerText(), /Could not end legacy-coop-77/);
  assert.match(await error.innerText(), /SDK ?4|server SDK/i);
});

test('an ERROR fleet says why instead of "no computes"; events page with "Load more" and save their logs', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet('arena-broken');
  const health = page.getByRole('note', { name: 'Fleet health' });
  await health.waitFor({ timeout: 20_000 });
  assert.match(await health.innerText(), /FLEET_ACTIVATION_FAILED|FLEET_STATE_ERROR|server\.cfg/);
  assert.equal(await page.getByText('This fleet has no computes here yet.').count(), 0);

  const emu = app.web.sandbox!.emulator!;
  const fleetId = 'fleet-2a9c6e1d-0010-4b7f-8e3a-6c1d9f2b0010';
  for (let i = 1; i <= 25; i++) emu.world.fleetEvents.add(fleetId, { eventCode: 'FLEET_SCALING_EVENT', message: `scaling note ${i}` });
  await page.getByRole('button', { name: 'Events' }).click();
  const events = page.getByRole('region', { name: /^Events of arena-broken/ });
  await events.locator('.fleet-event').first().waitFor({ timeout: 20_000 });
  assert.equal(await events.locator('.fleet-event').count(), 20, 'one page');
  assert.match(await events.locator('.fleet-event').first().innerText(), /scaling note 25/, 'newest first');
  await events.getByRole('button', { name: 'Load more' }).click();
  await eventually(() => events.locator('.fleet-event').count(), (n) => n > 20, 15_000, 'the next page');
  const failed = events.locator('.fleet-event[data-event-code="FLEET_ACTIVATION_FAILED"]');
  await failed.waitFor({ timeout: 15_000 });
  await failed.getByRole('button', { name: 'Save log' }).click();
  const saved = failed.getByRole('status');
  await saved.waitFor({ timeout: 15_000 });
  assert.ok(existsSync(await saved.locator('code').innerText()));
});

test('an ACTIVATING fleet says why too', UI_TEST, async () => {
  await app.pickFleet('arena-next-activating');
  const health = app.page.getByRole('note', { name: 'Fleet health' });
  await health.waitFor({ timeout: 20_000 });
  assert.ok((await health.innerText()).length > 0);
});

test('Follow: a crash on the fleet becomes a toast, and its click opens a shell on the instance it names', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.linux);
  const follow = page.getByRole('button', { name: /Follow/ });
  await follow.click();
  await page.getByRole('button', { name: '★ Following' }).waitFor({ timeout: 15_000 });
  assert.deepEqual((await api.listFollowedFleets({})).fleets.map((f) => f.fleetId), [LINUX_FLEET_ID]);
  // The watch's first poll sets where "new" starts: crash only after it.
  await eventually(async () => (await api.listFollowedFleets({})).fleets[0]?.lastPolledAt, (at) => at !== undefined, 20_000, 'a first poll');
  app.web.sandbox!.emulator!.crashGameSession(arn(LINUX_FLEET_ID, 3));
  const toast = page.locator('.toast[data-kind="fleet-event"]');
  await toast.waitFor({ timeout: 30_000 });
  const before = await openCards('i-0a1f5c2e9b7d30002').count();
  await toast.getByRole('button', { name: 'Open i-0a1f5c2e9b7d30002' }).click();
  await eventually(() => openCards('i-0a1f5c2e9b7d30002').count(), (n) => n === before + 1, 30_000, 'a shell on the crashed instance');
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor();
  await page.getByRole('tab', { name: 'Computes' }).click();
  await page.getByRole('button', { name: '★ Following' }).click();
  await page.getByRole('button', { name: '☆ Follow' }).waitFor({ timeout: 15_000 });
  assert.deepEqual((await api.listFollowedFleets({})).fleets, []);
});

test('a crash toast naming an instance no shell can reach (SDK 4 Windows) selects that compute instead', UI_TEST, async () => {
  const { page } = app;
  const fleetId = 'fleet-2a9c6e1d-0005-4b7f-8e3a-6c1d9f2b0005';
  const instance = 'i-0e5b9a6c3f1b70001';
  await api.followFleet({ fleetId });
  await eventually(async () => (await api.listFollowedFleets({})).fleets.find((f) => f.fleetId === fleetId)?.lastPolledAt, (at) => at !== undefined, 20_000, 'a first poll');
  app.web.sandbox!.emulator!.world.fleetEvents.add(fleetId, { eventCode: 'SERVER_PROCESS_CRASHED', message: `Server process exited without calling ProcessEnding(): exit code 139. Instance: ${instance}.` });
  const toast = page.locator('.toast[data-kind="fleet-event"]', { hasText: 'legacy-windows-sdk4' });
  await toast.waitFor({ timeout: 30_000 });
  const opens = app.apiCalls.filter((c) => c.method === 'openShell' || c.method === 'openRdp').length;
  await toast.getByRole('button', { name: `Open ${instance}` }).click();
  await page.locator('.targets').getByRole('heading', { name: 'legacy-windows-sdk4', exact: true }).waitFor();
  await page.locator(`.target-row.active[data-compute="${instance}"]`).waitFor({ timeout: 15_000 });
  assert.equal(app.apiCalls.filter((c) => c.method === 'openShell' || c.method === 'openRdp').length, opens, 'nothing opened');
  await api.unfollowFleet({ fleetId });
});

test("recent connections (the daemon's list) survive a reload and reopen in one click", UI_TEST, async () => {
  const { page } = app;
  await page.reload();
  const recent = page.getByRole('region', { name: 'Recent connections' });
  await recent.waitFor({ timeout: 20_000 });
  // The daemon's list (shared with the tray and the CLI): where and what, nothing else.
  const { targets } = await api.listRecentTargets({});
  assert.ok(targets.some((t) => t.kind === 'shell' && t.computeName === 'i-0a1f5c2e9b7d30002'));
  assert.equal(await page.evaluate("localStorage.getItem('gamelift-connect.recent')"), null, 'nothing kept in the page');
  const before = await openCards('i-0a1f5c2e9b7d30002').count();
  await recent.getByRole('button', { name: 'Reopen Shell on i-0a1f5c2e9b7d30002' }).click();
  await eventually(() => openCards('i-0a1f5c2e9b7d30002').count(), (n) => n === before + 1, 30_000, 'the shell reopened');
  assert.deepEqual(app.problems, []);
});
