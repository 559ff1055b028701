// The sandbox offers an IAM Identity Center sign-in to try (#13): `web --sandbox`'s window lists the
// sandbox's sso-session in its Sign-ins menu, the authorization-code flow completes in this same
// Chromium (the daemon's "open the browser" recorded, the emulator's approval page approved as user
// developer), and a role picked under Accounts & roles becomes the identity the fleets are listed
// with. HOME points at an empty directory: nothing may appear in its ~/.aws.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, openApp, UI_TEST, type App } from './support/app';

const savedHome = process.env.HOME;
let home: string;
let app: App;
let page: Page;
const opened: string[] = [];

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'gc-ui-sandbox-home-'));
  process.env.HOME = home;
  app = await openApp({
    daemon: {
      // The user's default browser, here: noted, and opened in this Chromium by the test.
      openExternal: async (url) => {
        opened.push(url);
        return true;
      },
    },
  });
  page = app.page;
});

after(async () => {
  await app?.close();
  process.env.HOME = savedHome;
  await rm(home, { recursive: true, force: true });
});

const dialog = () => page.locator('dialog[open]');
const signInRow = () => page.locator('.sign-in-row', { has: page.locator('strong', { hasText: /^sandbox$/ }) });

test('the Sign-ins menu offers the sandbox sign-in; the authorization-code flow completes in the browser; a role of it lists the fleets', UI_TEST, async () => {
  const emu = app.web.sandbox!.emulator!;
  const accountId = emu.scenario.accountId;
  await page.locator('.sign-ins > summary').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('.sign-ins > summary').innerText(), 'Sign-ins · 1 needed');
  await page.locator('.sign-ins > summary').click();
  assert.equal(await signInRow().locator('.sign-in-state').innerText(), 'Needs sign-in');
  assert.match(await signInRow().locator('.sign-in-detail').innerText(), new RegExp(emu.identityCenter.directory.spec.startUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  await signInRow().getByRole('button', { name: 'Sign in' }).click();
  await dialog().getByText('Waiting for your browser…', { exact: false }).waitFor({ timeout: 15_000 });
  const url = await dialog().getByLabel('Authorization URL').innerText();
  await eventually(async () => opened.length, (n) => n === 1, 10_000, 'the daemon to open the browser');
  assert.equal(opened[0], url, 'the dialog shows the URL the browser was sent to');
  assert.ok(url.startsWith(`${emu.ssoOidcEndpoint}/authorize?`), url);

  const approval = await page.context().newPage();
  await approval.goto(url);
  await approval.getByLabel('User name').fill('developer');
  await approval.getByRole('button', { name: 'Allow' }).click();
  // The loopback redirect lands on the daemon's own page.
  await approval.getByRole('heading', { name: 'Signed in to GameLift Connect' }).waitFor({ timeout: 20_000 });
  await approval.close();
  await eventually(() => dialog().count(), (n) => n === 0, 20_000, 'the dialog to close on signedIn');

  await page.locator('.sign-ins > summary').click();
  await eventually(() => signInRow().locator('.sign-in-state').innerText(), (t) => /^Signed in until \d\d:\d\d$/.test(t), 10_000, 'the sandbox sign-in to be signed in');
  await signInRow().getByRole('button', { name: 'Accounts & roles…' }).click();
  const account = dialog().locator(`.sso-account[data-account="${accountId}"]`);
  await account.waitFor({ timeout: 15_000 });
  await account.locator('.sso-account-head').click();
  const role = account.locator('.sso-role[data-role="GameLiftReadOnly"]');
  await role.waitFor({ timeout: 15_000 });
  await role.getByRole('button', { name: 'Use' }).click();
  await eventually(() => dialog().count(), (n) => n === 0, 15_000, 'the dialog to close once the role is used');
  await eventually(() => page.locator('.topbar .identity').innerText(), (t) => t.startsWith(`sandbox: ${accountId} / GameLiftReadOnly`), 10_000, 'the top bar to show the role in use');
  await page.getByRole('option', { name: /^arena-linux-sdk5\b/ }).waitFor({ timeout: 30_000 });
  assert.deepEqual((await app.web.daemon.api.getStatus({})).ssoRole, { ssoSession: 'sandbox', accountId, roleName: 'GameLiftReadOnly' });

  assert.equal(existsSync(join(home, '.aws')), false, 'nothing written under HOME/.aws');
  assert.deepEqual(app.problems, []);
});
