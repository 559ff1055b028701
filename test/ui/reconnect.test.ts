// A dropped Session Manager WebSocket under an open terminal: the daemon resumes the session
// (state reconnecting → active) and the same terminal keeps working, output included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Session } from '../../preload/contract';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

let app: App;
const states: Session['state'][] = [];

before(async () => {
  app = await openApp();
  app.web.daemon.events.subscribe((event, payload) => {
    if (event === 'sessionChanged') states.push((payload as Session).state);
  });
  await app.pickFleet(FLEETS.linux);
});
after(() => app?.close());

test('the shell survives its WebSocket being killed', UI_TEST, async () => {
  const { page } = app;
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await eventually(() => app.terminalText(), (t) => /\$\s*$/m.test(t), 20_000, 'a prompt');
  // From now on: kill the data channel's TCP connection once 2 KB more have been sent.
  app.web.sandbox?.emulator?.setFaults({ agent: { dropAfterBytes: { bytes: 2_000, how: 'kill' } } });
  await page.keyboard.type('for i in $(seq 1 60); do echo "line-$i-padding-padding-padding"; done\r');
  await eventually(() => Promise.resolve(states.includes('reconnecting')), Boolean, 20_000, 'a reconnect');
  await eventually(() => Promise.resolve(states.at(-1)), (s) => s === 'active', 30_000, 'active again');
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
  await page.keyboard.type('echo "after-resume-$((5*5))"\r');
  await eventually(() => app.terminalText(), (t) => t.includes('after-resume-25'), 20_000, 'output after the resume');
  const card = page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE });
  assert.equal(await card.locator('.badge').innerText(), 'Active');
  assert.deepEqual(app.problems, []);
});
