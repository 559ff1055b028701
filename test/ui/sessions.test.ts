// The sessions panel's countdown ticks every second, Renew pushes the expiry out, and the daemon's
// own renewal before expiry keeps the session (and its shell) alive. Credentials live 12 s here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

const LIFETIME_MS = 12_000;
let app: App;

before(async () => {
  app = await openApp({
    emulator: { credentialLifetimeMs: LIFETIME_MS },
    daemon: { settings: { credentialLifetimeMs: LIFETIME_MS, renewLeadMs: 3_000 } },
  });
  await app.pickFleet(FLEETS.linux);
  await app.page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await app.page.locator('.session-card', { hasText: LINUX_COMPUTE }).getByTestId('countdown').waitFor({ timeout: 20_000 });
});
after(() => app?.close());

/** Seconds left on the card's countdown ("expire in 0:11 …"). */
async function secondsLeft(): Promise<number> {
  const text = await app.page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE }).getByTestId('countdown').innerText();
  const match = /expire in (\d+):(\d\d)/.exec(text);
  assert.ok(match, text);
  return Number(match[1]) * 60 + Number(match[2]);
}

test('the countdown ticks down every second', UI_TEST, async () => {
  const first = await secondsLeft();
  assert.ok(first > 0 && first <= LIFETIME_MS / 1000, String(first));
  const later = await eventually(secondsLeft, (s) => s < first, 5_000, 'a tick');
  assert.ok(first - later <= 3, `one tick at a time: ${first} → ${later}`);
});

test('Renew moves the expiry out again', UI_TEST, async () => {
  await eventually(secondsLeft, (s) => s <= 10, 5_000, 'some time to pass');
  const before = await secondsLeft();
  const card = app.page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE });
  await card.getByRole('button', { name: 'Renew' }).click();
  const after = await eventually(secondsLeft, (s) => s > before, 15_000, 'a later expiry');
  assert.ok(after >= LIFETIME_MS / 1000 - 2, String(after));
  await eventually(() => card.locator('.badge').innerText(), (s) => s === 'Active', 10_000, 'active again');
});

test('the daemon renews before expiry on its own; the shell keeps working', UI_TEST, async () => {
  // Wait across a renewal point: the countdown falls to the renew lead, then jumps back up.
  await eventually(secondsLeft, (s) => s <= 4, LIFETIME_MS, 'the renewal window');
  await eventually(secondsLeft, (s) => s >= 8, 15_000, 'an automatic renewal');
  await app.page.locator('.terminal-view:not([hidden]) .xterm').click();
  await app.page.keyboard.type('echo still-here-$((40+2))\r');
  await eventually(() => app.terminalText(), (t) => t.includes('still-here-42'), 15_000, 'output after renewal');
  assert.deepEqual(app.problems, []);
});
