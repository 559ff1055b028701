// When the daemon goes away under an open page, the page says so (not a blank or frozen UI):
// sessions show as disconnected (no "Active" with ticking countdowns), the terminal says so, actions
// fail with words that tell the user what to do; and when a daemon is back on the page's address
// with a new token, the page names the address to open the new link for.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox } from '../../main/daemon/web/sandbox';
import { startWebMode, type WebMode } from '../../main/daemon/web/web-mode';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, RENDERER, type App, UI_TEST } from './support/app';

let app: App;
let second: WebMode | null = null;
before(async () => {
  app = await openApp();
  await app.pickFleet(FLEETS.linux);
});
after(async () => {
  await app?.browser.close();
  await second?.close();
});

test('the daemon stops: sessions and the terminal show as disconnected, "Reconnecting…" shows, and an action explains itself', UI_TEST, async () => {
  const { page } = app;
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor({ timeout: 30_000 });
  const card = page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE });
  await card.getByTestId('countdown').waitFor({ timeout: 15_000 });
  assert.equal(await card.locator('.badge').innerText(), 'Active');

  await app.web.close();
  await page.getByRole('status').filter({ hasText: 'Reconnecting to the daemon…' }).waitFor({ timeout: 10_000 });
  await eventually(() => card.locator('.badge').innerText(), (t) => t === 'Disconnected', 10_000, 'the session marked disconnected');
  assert.equal(await card.getByTestId('countdown').count(), 0, 'no countdown ticks for a session nobody can vouch for');
  assert.equal(await card.getByRole('button', { name: 'Renew' }).count(), 0);
  await page.locator('.terminal-view:not([hidden]) .terminal-state', { hasText: 'Disconnected from the daemon' }).waitFor();

  await page.getByRole('tab', { name: 'Computes' }).click();
  await page.locator('.target-row').first().dblclick();
  const error = page.locator('.error-note[data-code="Unreachable"]');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.innerText(), /gamelift-connect web/);
  assert.equal(await page.locator('.session-card:not(.ended) .badge', { hasText: 'Active' }).count(), 0, 'nothing pretends to be active');
});

test('a daemon back on the same address with a new token: the page says which address to open the new link for', UI_TEST, async () => {
  const { page } = app;
  second = await startWebMode({ rendererRoot: RENDERER, sandbox: () => startSandbox(), port: app.web.port });
  const notice = page.getByRole('status').filter({ hasText: 'new access token' });
  await notice.waitFor({ timeout: 30_000 });
  assert.match(await notice.innerText(), new RegExp(`http://127\\.0\\.0\\.1:${app.web.port}`));
  assert.match(await notice.innerText(), /gamelift-connect web/);
});
