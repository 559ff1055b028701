// The profile and Region pickers against a daemon that is NOT in sandbox mode: AWS profiles from a
// throw-away shared config, GameLift reached through the SDK's own endpoint override
// (AWS_ENDPOINT_URL_GAMELIFT) at the emulator, so everything stays on loopback. A profile with
// wrong keys shows its failure in the fleet list, in words; switching back recovers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { memoryKeychain } from '../../main/daemon/web/memory-keychain';
import { startWebMode, type WebMode } from '../../main/daemon/web/web-mode';
import { startEmulator, type Emulator } from '../../emulator/index';
import { collectPageProblems, launchChromium } from '../support/chromium';
import { eventually, RENDERER, UI_TEST } from './support/app';

let emulator: Emulator;
let web: WebMode;
let browser: Browser;
let page: Page;
let problems: string[];
const home = mkdtempSync(join(tmpdir(), 'identity-ui-'));

before(async () => {
  emulator = await startEmulator();
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  writeFileSync(
    join(home, 'credentials'),
    `[studio-dev]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n\n[stale-keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = not-the-secret\n`,
  );
  writeFileSync(join(home, 'config'), `[profile studio-dev]\nregion = ${emulator.region}\n\n[profile stale-keys]\nregion = ${emulator.region}\n`);
  // This test file runs in its own process: the overrides reach only this daemon.
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL_GAMELIFT: emulator.gameliftEndpoint,
    AWS_ENDPOINT_URL_SSM: emulator.ssmEndpoint,
    AWS_ENDPOINT_URL_KMS: emulator.kmsEndpoint,
  });
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name];
  web = await startWebMode({ rendererRoot: RENDERER, daemon: { profile: 'studio-dev', region: emulator.region, keychain: memoryKeychain() } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  problems = collectPageProblems(page);
  await page.goto(web.url);
});
after(async () => {
  await browser?.close();
  await web?.close();
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

const profilePicker = () => page.getByLabel('Profile');

test('no Sandbox label; the pickers show the profiles and the Region', UI_TEST, async () => {
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 20_000 });
  assert.equal(await page.getByText('Sandbox', { exact: true }).count(), 0);
  assert.equal(await profilePicker().inputValue(), 'studio-dev');
  assert.deepEqual(await profilePicker().locator('option').allInnerTexts(), ['Default credentials', 'stale-keys', 'studio-dev']);
  assert.equal(await page.getByLabel('Region').inputValue(), emulator.region);
});

test('a profile whose keys AWS refuses: the fleet list says so; switching back recovers', UI_TEST, async () => {
  await profilePicker().selectOption('stale-keys');
  const error = page.locator('.fleets .error-note');
  await error.waitFor({ timeout: 30_000 });
  const text = await error.innerText();
  assert.match(text, /Could not list fleets/);
  assert.notEqual(await error.getAttribute('data-code'), 'Internal', text);
  assert.equal(await page.locator('.fleet-row').count(), 0);

  await profilePicker().selectOption('studio-dev');
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 20_000 });
  await eventually(() => error.count(), (n) => n === 0, 5_000, 'the old error to go');
  assert.deepEqual(problems, []);
});
