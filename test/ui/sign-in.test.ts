// IAM Identity Center sign-in in the window (issue #13), against the real daemon (not in sandbox
// mode) and the emulator's IAM Identity Center: a throw-away AWS config with two sso-sessions on
// the emulator's start URL and an SSO profile for each, the token cache under a throw-away HOME,
// GameLift, SSO-OIDC and the portal reached through endpoint overrides. The daemon's "open the
// browser" is recorded (DaemonOptions.openExternal) and the approval page is opened in the same
// Chromium and approved there, as a user would in their browser.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, UI_TEST } from './support/app';
import { openSsoApp, type SsoApp } from './support/sso-app';

/** How long a call waits for a sign-in before it fails with SignInNeeded (long enough to see it wait). */
const SIGN_IN_WAIT_MS = 20_000;

let app: SsoApp;
let page: Page;
let accountId: string;
let home: string;
let configFile: string;

before(async () => {
  app = await openSsoApp({ signInWaitMs: SIGN_IN_WAIT_MS });
  ({ page, accountId, home, configFile } = app);
});
after(() => app?.close());

const opened = () => app.opened;
const profilePicker = () => page.getByLabel('Profile');
const banner = () => page.locator('.sign-in-banner');
const dialog = () => page.locator('dialog[open]');
const signInRow = (name: string) => page.locator('.sign-in-row', { has: page.locator('strong', { hasText: new RegExp(`^${name}$`) }) });

/** Signs in on the emulator's approval page (authorization code or device) in a page of this Chromium. */
async function approve(approval: Page, done: string, decision: 'Allow' | 'Deny' = 'Allow'): Promise<void> {
  await approval.getByLabel('User name').fill('developer');
  await approval.getByRole('button', { name: decision }).click();
  await approval.getByRole('heading', { name: done }).waitFor({ timeout: 20_000 });
}

/** What the shared token cache holds (tokens, refresh tokens, client secrets) never reached the page: not its DOM, not one frame it received. */
async function assertNoSecretInPage(): Promise<void> {
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  const cached = readdirSync(cacheDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(cacheDir, f), 'utf8')) as { accessToken?: string; refreshToken?: string; clientSecret?: string });
  assert.ok(cached.some((c) => c.accessToken), 'an access token is cached');
  const secrets = cached.flatMap((c) => [c.accessToken, c.refreshToken, c.clientSecret]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  const html = await page.content();
  assert.ok(app.received.length > 0, 'frames were recorded');
  for (const secret of secrets) {
    assert.equal(html.includes(secret), false, 'no token or client secret in the page');
    assert.equal(app.received.some((frame) => frame.includes(secret)), false, 'no token or client secret in anything the daemon sent the page');
  }
}

test('an SSO profile that needs a sign-in says so, and a call waiting for it shows one banner naming the account', UI_TEST, async () => {
  await eventually(() => profilePicker().locator('option').allInnerTexts(), (t) => t.includes('studio-sso (SSO · needs sign-in)'), 15_000, 'the profile picker to show the sign-in state');
  assert.equal(await profilePicker().inputValue(), 'studio-sso');
  assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).first().isVisible(), true);

  // The fleet list waits for the sign-in: the banner says which sso-session and account, and how many wait.
  await banner().waitFor({ timeout: 15_000 });
  assert.equal(await banner().locator('.sign-in-banner-text').innerText(), `Sign-in needed for studio (account ${accountId} / role GameLiftAdmin) — 1 waiting`);
  assert.equal(await page.locator('.fleet-row').count(), 0);

  await page.locator('.sign-ins > summary').click();
  assert.match(await page.locator('.sign-ins > summary').innerText(), /Sign-ins · 2 needed/);
  assert.equal(await signInRow('studio').locator('.sign-in-state').innerText(), 'Needs sign-in');
  assert.equal(await signInRow('second').locator('.sign-in-state').innerText(), 'Needs sign-in');

  // A sign-in started and cancelled: the flow ends (the row is no longer "Signing in…").
  await signInRow('second').getByRole('button', { name: 'Sign in' }).click();
  await dialog().getByText('Waiting for your browser…', { exact: false }).waitFor({ timeout: 15_000 });
  await dialog().getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await dialog().count(), 0);
  await page.locator('.sign-ins > summary').click();
  await eventually(() => signInRow('second').locator('.sign-in-state').innerText(), (t) => t === 'Needs sign-in', 10_000, 'the cancelled flow to end');
  await page.locator('.sign-ins > summary').click();
});

test('a call that waited too long fails with SignInNeeded, whose note offers Sign in; the authorization-code flow in the browser, and the fleet list comes back by itself', UI_TEST, async () => {
  const error = page.locator('.fleets .error-note[data-code="SignInNeeded"]');
  await error.waitFor({ timeout: SIGN_IN_WAIT_MS + 15_000 });
  // Nothing waits any more: the banner goes.
  await eventually(() => banner().count(), (n) => n === 0, 15_000, 'the banner to go once no call waits');

  const before = opened().length;
  await error.getByRole('button', { name: 'Sign in' }).click();
  await dialog().getByText('Waiting for your browser…', { exact: false }).waitFor({ timeout: 15_000 });
  const url = await dialog().getByLabel('Authorization URL').innerText();
  await eventually(async () => opened().length, (n) => n === before + 1, 10_000, 'the daemon to open the browser');
  assert.equal(opened().at(-1), url, 'the dialog shows the URL the browser was sent to');
  assert.match(url, /\/authorize\?/);
  assert.match(url, /code_challenge_method=S256/);
  assert.match(await dialog().getByLabel('Time left').innerText(), /^Expires in \d+:\d\d$/);

  const approval = await app.context.newPage();
  await approval.goto(url);
  // The loopback redirect lands on the daemon's own page.
  await approve(approval, 'Signed in to GameLift Connect');
  await approval.close();

  await eventually(() => dialog().count(), (n) => n === 0, 20_000, 'the dialog to close on signedIn');
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 30_000 });
  assert.equal(await error.count(), 0);
  await eventually(() => profilePicker().locator('option').allInnerTexts(), (t) => t.some((o) => /^studio-sso \(SSO · signed in until \d\d:\d\d\)$/.test(o)), 10_000, 'studio-sso to be signed in');
  // The token went to the shared cache (as the AWS CLI keeps it), never to the page.
  await assertNoSecretInPage();
});

test('the device code: shown big with the verification URL; Open browser opens the complete URL; a waiting call resumes and the banner goes', UI_TEST, async () => {
  await profilePicker().selectOption('second-sso');
  await banner().waitFor({ timeout: 15_000 });
  assert.match(await banner().innerText(), /Sign-in needed for second \(account \d{12} \/ role GameLiftAdmin\) — 1 waiting/);

  await banner().getByRole('button', { name: 'Sign in' }).click();
  await dialog().getByText('Waiting for your browser…', { exact: false }).waitFor({ timeout: 15_000 });
  await dialog().getByRole('button', { name: 'Use a device code instead' }).click();
  const code = dialog().getByLabel('Code', { exact: true });
  await code.waitFor({ timeout: 15_000 });
  const userCode = await code.innerText();
  assert.match(userCode, /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
  const font = await code.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fontFamily);
  assert.match(font, /mono/i, 'the code is monospace');
  const verificationUri = await dialog().getByLabel('Verification URL').innerText();
  assert.match(verificationUri, /^https?:\/\//);
  // The daemon opened the complete verification URL (the code in it) in the browser.
  await eventually(async () => opened().at(-1) ?? '', (u) => u.includes(encodeURIComponent(userCode)) || u.includes(userCode), 10_000, 'the complete verification URL to be opened');
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await dialog().locator('.copyable', { hasText: 'Code' }).getByRole('button', { name: 'Copy' }).click();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), userCode, 'Copy puts the code on the clipboard');

  // Denied in the browser: the dialog says so and offers to try again, with a new code.
  const denied = await app.context.newPage();
  await denied.goto(opened().at(-1)!);
  await approve(denied, 'Request denied', 'Deny');
  await denied.close();
  await dialog().getByRole('alert').waitFor({ timeout: 20_000 });
  await dialog().getByRole('button', { name: 'Try again' }).click();
  await eventually(() => code.innerText(), (c) => /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/.test(c) && c !== userCode, 15_000, 'a new code');
  const newCode = await code.innerText();

  const [popup] = await Promise.all([page.waitForEvent('popup'), dialog().getByRole('button', { name: 'Open browser' }).click()]);
  await popup.waitForLoadState();
  assert.equal(await popup.getByLabel('Code').inputValue(), newCode, 'the page opened holds the code');
  await approve(popup, 'Request approved');
  await popup.close();

  await eventually(() => dialog().count(), (n) => n === 0, 20_000, 'the dialog to close on signedIn');
  await eventually(() => banner().count(), (n) => n === 0, 10_000, 'the banner to go on signedIn');
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.fleets .error-note').count(), 0);
});

test('accounts and roles of a signed-in sso-session: Use one, and Save as profile… with an overwrite only when confirmed', UI_TEST, async () => {
  await page.locator('.sign-ins > summary').click();
  await signInRow('studio').getByRole('button', { name: 'Accounts & roles…' }).click();
  const account = dialog().locator(`.sso-account[data-account="${accountId}"]`);
  await account.waitFor({ timeout: 15_000 });
  assert.match(await account.locator('.sso-account-head').innerText(), new RegExp(`Game Studio\\s+${accountId}`));
  assert.ok((await dialog().locator('.sso-account').count()) > 1, 'several accounts: none opened by itself');
  // An account's roles are listed when it is opened.
  await account.locator('.sso-account-head').click();
  assert.equal(await account.locator('.sso-account-head').getAttribute('aria-expanded'), 'true');
  const role = account.locator('.sso-role[data-role="GameLiftAdmin"]');
  await role.waitFor({ timeout: 15_000 });

  await role.getByRole('button', { name: 'Save as profile…' }).click();
  await role.getByLabel('Profile name').fill('taken');
  await role.getByRole('button', { name: 'Save', exact: true }).click();
  const refusal = role.locator('.error-note[data-code="InvalidInput"]');
  await refusal.waitFor({ timeout: 10_000 });
  assert.match(readFileSync(configFile, 'utf8'), /\[profile taken\]\nregion = eu-west-1\n/, 'not overwritten without asking');
  await refusal.getByRole('button', { name: 'Overwrite taken' }).click();
  await role.getByRole('status').filter({ hasText: 'profile taken' }).waitFor({ timeout: 10_000 });
  const config = readFileSync(configFile, 'utf8');
  assert.match(config, /\[profile taken\][^[]*sso_session = studio/);
  assert.match(config, new RegExp(`\\[profile taken\\][^[]*sso_account_id = ${accountId}`));
  assert.match(config, /# a profile of the same name as a save below/, 'the rest of the file is kept');

  await role.getByRole('button', { name: 'Use' }).click();
  await eventually(() => dialog().count(), (n) => n === 0, 15_000, 'the dialog to close once the role is used');
  await eventually(() => profilePicker().locator('option:checked').innerText(), (t) => t === `studio: ${accountId} / GameLiftAdmin`, 10_000, 'the picker to show the role in use');
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 30_000 });
  await assertNoSecretInPage();
  assert.deepEqual(app.problems, []);
});
