// Renders the screenshots in docs/screenshots/ from the real app (web mode + sandbox), so they
// stay true to the UI. Run after UI changes: `npm run screenshots`.
import { startTcpService } from '../support/tcp-service';
import { shootFiles } from './screenshot-files';
import { shootSignIn } from './screenshot-sign-in';
import { eventually, FLEETS, LINUX_COMPUTE, openApp } from './support/app';

const OUT = 'docs/screenshots';
const echo = await startTcpService({ echo: true });

const app = await openApp({
  viewport: { width: 1440, height: 880 },
  emulator: { ports: { [LINUX_COMPUTE]: { 7777: { host: '127.0.0.1', port: echo.port } } } },
});
const { page } = app;
const shot = async (name: string) => {
  await page.waitForTimeout(300); // let the last paint settle
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
};

try {
  await page.getByRole('option', { name: /^arena-broken\b/ }).waitFor();
  await shot('fleets');

  await app.pickFleet('arena-global');
  await page.locator('.target-row').first().click();
  await shot('computes');

  await app.pickFleet(FLEETS.linux);
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await eventually(() => app.terminalText(), (t) => /\$\s*$/m.test(t), 20_000, 'a prompt');
  await page.keyboard.type('uname -sm; echo "connected to $HOSTNAME"; date -u\r');
  await page.waitForTimeout(1200);
  await shot('terminal');

  await page.getByRole('tab', { name: 'Computes' }).click();
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).click();
  await page.getByRole('button', { name: 'Forward a port…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward a port' });
  await dialog.getByLabel('Remote port').fill('7777');
  await dialog.getByLabel('Local port (optional)').fill('70000');
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  await shot('forward-dialog-error');
  await dialog.getByLabel('Local port (optional)').fill('');
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  await dialog.getByTestId('forward-address').waitFor({ timeout: 20_000 });
  await shot('forward-dialog');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).click();
  await page.getByRole('button', { name: 'Game sessions' }).click();
  await page.locator('.game-sessions tr[data-game-session]').first().waitFor({ timeout: 20_000 });
  await shot('game-sessions');
  await page.getByRole('button', { name: 'Close game sessions' }).click();

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: /Find a game session/ }).fill('player-3f9c21');
  await page.keyboard.press('Enter');
  await page.locator('.find-match').first().waitFor({ timeout: 20_000 });
  await shot('find');
  await page.keyboard.press('Escape');

  await app.pickFleet('arena-broken');
  await page.getByRole('note', { name: 'Fleet health' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Events' }).click();
  await page.locator('.events .fleet-event').first().waitFor({ timeout: 20_000 });
  await shot('fleet-health');
  await page.getByRole('button', { name: 'Close events' }).click();

  await app.pickFleet(FLEETS.windows);
  await page.locator('.target-row').first().click();
  await shot('sessions');

  await app.pickFleet(FLEETS.anywhere);
  await shot('anywhere');

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.getByRole('tab', { name: LINUX_COMPUTE }).click();
  await shot('dark-terminal');
  await page.getByRole('tab', { name: 'Computes' }).click();
  await app.pickFleet(FLEETS.loadTest);
  await eventually(() => page.locator('.targets .count').innerText(), (t) => t === '5000 computes', 60_000, '5,000 computes');
  await page.locator('.target-row').nth(3).click();
  await shot('dark-computes');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
} finally {
  await app.close();
  await echo.close();
}
await shootFiles(OUT);
// Last: it points this process's HOME and AWS config at a throw-away IAM Identity Center setup.
await shootSignIn(OUT);
