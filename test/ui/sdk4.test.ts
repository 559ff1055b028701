// An SDK 4 Linux fleet: SSH straight to the instance with the key GetInstanceAccess issues. Its
// inbound rules keep port 22 closed, so the first try says so and offers to open it for this
// address only; on the user's click the shell opens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, openApp, type App, UI_TEST } from './support/app';

let app: App;
before(async () => {
  app = await openApp();
});
after(() => app?.close());

test('port 22 closed: the UI asks, then opens it for this address and the shell works', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet('legacy-linux-sdk4');
  await page.locator('.target-row').first().dblclick();
  const error = page.locator('.error-note[data-code="PortClosed"]');
  await error.waitFor({ timeout: 30_000 });
  await error.getByRole('button', { name: 'Open it for my address' }).click();
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor({ timeout: 30_000 });
  await eventually(() => app.terminalText(), (t) => /[$#]\s*$/m.test(t), 20_000, 'a prompt over SSH');
  await page.keyboard.type('echo "ssh-$((20+1))"\r');
  await eventually(() => app.terminalText(), (t) => t.includes('ssh-21'), 15_000, 'output over SSH');
  const card = page.locator('.session-card:not(.ended)').first();
  assert.match(await card.innerText(), /SSH/);
  assert.match(await card.innerText(), /SHA256:/, 'the host key fingerprint is shown');
  assert.deepEqual(app.problems, []);
});
