// Each error shows where it happened, in words a user can act on: an Anywhere fleet has no remote
// access (said before anything is tried), a throttled access call, a fleet still activating, and
// a page opened with a stale link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';
import { collectPageProblems } from '../support/chromium';

let app: App;
before(async () => {
  app = await openApp();
});
after(() => app?.close());

test('Anywhere fleet: no remote access, explained up front; actions are not offered', UI_TEST, async () => {
  const { page } = app;
  const row = page.getByRole('option', { name: /^studio-anywhere\b/ });
  assert.match(await row.innerText(), /No remote access/);
  await app.pickFleet(FLEETS.anywhere);
  const note = page.getByRole('note');
  assert.match(await note.innerText(), /No remote access to this fleet\.\s+\S+/);
  await page.locator('.target-row').first().click();
  for (const name of ['Open shell', 'Forward a port…', 'Remote Desktop']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  await page.locator('.target-row').first().dblclick();
  assert.equal(await page.locator('.session-card').count(), 0, 'double-click starts nothing');
});

test('throttled access: the error says so next to the list, with a hint', UI_TEST, async () => {
  const { page } = app;
  app.web.sandbox?.emulator?.setFaults({ accessRateLimit: { burst: 0, perSecond: 0 } });
  try {
    await app.pickFleet(FLEETS.linux);
    await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
    const error = page.locator('.error-note[data-code="Throttled"]');
    await error.waitFor({ timeout: 60_000 });
    const text = await error.innerText();
    assert.match(text, new RegExp(`Could not open a shell on ${LINUX_COMPUTE}`));
    assert.ok(text.split('\n').length >= 2, `expected a message and a hint: ${text}`);
    assert.equal(await page.locator('.session-card:not(.ended)').count(), 0);
  } finally {
    app.web.sandbox?.emulator?.setFaults({ accessRateLimit: { burst: 4, perSecond: 1 } });
  }
  await page.locator('.error-note[data-code="Throttled"]').getByRole('button', { name: 'Dismiss' }).click();
  await page.locator('.error-note').waitFor({ state: 'detached' });
});

test('a fleet still activating: the compute cannot be reached yet, and the UI says why', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet('arena-next-activating');
  await page.locator('.target-row').first().dblclick();
  const error = page.locator('.targets .error-note');
  await error.waitFor({ timeout: 30_000 });
  const code = await error.getAttribute('data-code');
  assert.ok(code && code !== 'Internal', `an actionable code, got ${code}: ${await error.innerText()}`);
  console.log(`activating fleet: ${code}: ${await error.innerText()}`);
});

test('a stale link: the page says it cannot reach the daemon and what to do', UI_TEST, async () => {
  const page = await app.browser.newPage();
  const problems = collectPageProblems(page);
  await page.goto(app.web.url.replace(/#token=.*/, '#token=not-the-token'));
  assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
  const error = page.locator('.error-note[data-code="Unreachable"]');
  await error.waitFor({ timeout: 20_000 });
  assert.equal(await error.count(), 1, 'one message for one cause');
  assert.match(await error.innerText(), /Cannot reach the daemon/);
  assert.match(await error.innerText(), /gamelift-connect web/);
  // The browser logs the refused WebSocket handshakes itself; nothing else went wrong.
  assert.deepEqual(problems.filter((p) => !/WebSocket/.test(p)), []);
  await page.close();
});

test('no token at all: the page asks for the link from the terminal', UI_TEST, async () => {
  const page = await app.browser.newPage();
  await page.goto(app.web.url.replace(/#token=.*/, ''));
  await page.getByRole('heading', { name: 'Open the link from your terminal' }).waitFor();
  await page.close();
  assert.deepEqual(app.problems, []);
});
