// The frame around the views: the sandbox label, the token leaving the address bar (and a reload
// still working), fleet search, light/dark themes, and the container fleet's two shells.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, FLEETS, openApp, type App, UI_TEST } from './support/app';

let app: App;
before(async () => {
  app = await openApp();
});
after(() => app?.close());

test('the sandbox is labelled; the token is out of the address bar and survives a reload', UI_TEST, async () => {
  const { page } = app;
  await page.getByText('Sandbox', { exact: true }).waitFor();
  assert.equal(new URL(page.url()).hash, '');
  assert.ok(await page.evaluate(() => sessionStorage.getItem('gamelift-connect.token')));
  await page.reload();
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor();
  assert.deepEqual(app.problems, []);
});

test('fleet search matches kind, SDK, OS, status and access words', UI_TEST, async () => {
  const { page } = app;
  const search = page.getByLabel('Search fleets');
  // The title attribute holds the whole name (a long one is cut in the middle on screen).
  const names = () => page.locator('.fleet-row .row-title .name').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
  await search.fill('windows sdk4');
  assert.deepEqual(await names(), ['legacy-windows-sdk4']);
  await search.fill('anywhere');
  assert.deepEqual(await names(), ['studio-anywhere']);
  await search.fill('error');
  assert.deepEqual(await names(), ['arena-broken']);
  await search.fill('');
  await page.getByRole('radio', { name: 'Container' }).click();
  // GameLift gives container fleets no name: the ID is the title, the description below it.
  assert.deepEqual(await names(), [FLEETS.containers]);
  assert.deepEqual(await page.locator('.fleet-row .fleet-description').allInnerTexts(), ['Managed containers, game server container group + per-instance group']);
  await page.getByRole('radio', { name: 'All' }).click();
  assert.ok((await names()).length >= 10);
});

test('the theme follows the system until toggled, and the choice is kept', UI_TEST, async () => {
  const { page } = app;
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'light');
  const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
  const light = await background();
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  assert.notEqual(await background(), light);
  await page.reload();
  await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
});

test('a container compute offers the game-server container or the host; Escape closes the choice', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.containers);
  const row = page.locator('.target-row').first();
  await row.dblclick();
  const chooser = page.getByRole('dialog', { name: 'Open a shell' });
  await chooser.waitFor();
  await page.keyboard.press('Escape');
  await chooser.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('.session-card').count(), 0);

  await row.dblclick();
  await chooser.getByRole('button', { name: /Game server container/ }).click();
  await page.getByRole('tab', { name: /\(container\)/ }).waitFor({ timeout: 30_000 });
  // The daemon types `sudo docker exec -it <runtime id> sh` into the host shell; the emulated host
  // runs it, so the game server container's prompt and markers show.
  await eventually(() => app.terminalText(), (t) => /[0-9a-f]{12}:\/local\/game#/.test(t), 20_000, 'the container prompt');
  await page.keyboard.type('echo "in:$GAMELIFT_EMULATOR_SHELL"\r');
  await eventually(() => app.terminalText(), (t) => /^in:container\b/m.test(t), 15_000, 'the container shell answering');
  assert.equal(await page.locator('.session-card', { hasText: '· container' }).count(), 1);

  await page.getByRole('tab', { name: 'Computes' }).click();
  const compute = await row.getAttribute('data-compute');
  assert.ok(compute);
  await row.dblclick();
  await chooser.getByRole('button', { name: /Host instance/ }).click();
  await page.getByRole('tab', { name: `${FLEETS.containers} / ${compute} (us-west-2)`, exact: true }).waitFor({ timeout: 30_000 });
  await eventually(() => app.terminalText(), (t) => /[$#]\s*$/m.test(t), 20_000, 'a host prompt');
  await page.keyboard.type('echo "on:$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_TARGET"\r');
  await eventually(() => app.terminalText(), (t) => /^on:host:i-[0-9a-f]+/m.test(t), 15_000, 'the host shell answering');
  assert.equal(await page.locator('.session-card:not(.ended)', { hasText: '· host' }).count(), 1);
  assert.deepEqual(app.problems, []);
});
