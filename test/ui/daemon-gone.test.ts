// When the daemon goes away under an open page, the page says so (not a blank or frozen UI), and
// actions fail with words that tell the user what to do.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FLEETS, openApp, type App, UI_TEST } from './support/app';

let app: App;
before(async () => {
  app = await openApp();
  await app.pickFleet(FLEETS.linux);
});
after(() => app?.browser.close());

test('the daemon stops: "Reconnecting…" shows, and an action explains itself', UI_TEST, async () => {
  const { page } = app;
  await app.web.close();
  await page.getByRole('status').filter({ hasText: 'Reconnecting to the daemon…' }).waitFor({ timeout: 10_000 });
  await page.locator('.target-row').first().dblclick();
  const error = page.locator('.error-note[data-code="Unreachable"]');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.innerText(), /gamelift-connect web/);
  assert.equal(await page.locator('.session-card:not(.ended)').count(), 0, 'nothing pretends to have started');
});
