// The sign-in pages as a person uses them, in real Chromium: the device page (code prefilled from
// verificationUriComplete) and /authorize, redirecting to a loopback callback like the AWS CLI's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { AccessDeniedException } from '@aws-sdk/client-sso-oidc';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { collectPageProblems, launchChromium } from '../../support/chromium';
import { failure } from '../emulator-fixture';
import { authorizeUrl, exchangeCode, pkce, pollDevice, registerDeviceClient, registerPkceClient, startDevice } from './sso-fixture';

let emu: Emulator;
let browser: Browser;
/** The application's loopback callback: records what the browser brings back. */
let callback: Server;
let callbackBase: string;
let lastCallback: URL | undefined;
/** What the callback last received (a function, so the compiler does not assume it unchanged across awaits). */
const received = (): URL | undefined => lastCallback;

before(async () => {
  emu = await startEmulator({});
  browser = await launchChromium();
  callback = createServer((req, res) => {
    const url = new URL(req.url ?? '/', callbackBase);
    // Chromium also asks for /favicon.ico.
    if (url.pathname === '/oauth/callback') lastCallback = url;
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Signed in</title><p>You can return to the application.</p>');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackBase = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  callback?.closeAllConnections();
  await new Promise((resolve) => callback?.close(resolve));
  await emu?.close();
});

async function withPage(run: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  const problems = collectPageProblems(page);
  try {
    await run(page, problems);
  } finally {
    await page.close();
  }
}

describe('the device page', () => {
  test('opened from verificationUriComplete, the code is prefilled; signing in and Allow approves it', async () => {
    const client = await registerDeviceClient(emu);
    const device = await startDevice(emu, client);
    await withPage(async (page, problems) => {
      const response = await page.goto(device.verificationUriComplete!);
      const csp = response!.headers()['content-security-policy']!;
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(await page.getByLabel('Code').inputValue(), device.userCode);
      await page.getByLabel('User name').fill('developer');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('heading', { name: 'Request approved' }).waitFor();
      assert.deepEqual(problems, []);
    });
    const token = await pollDevice(emu, client, device.deviceCode!);
    assert.equal(token.tokenType, 'Bearer');
  });

  test('a wrong code or an unknown user is said on the page; the code typed without its dash works; Deny denies', async () => {
    const client = await registerDeviceClient(emu);
    const device = await startDevice(emu, client);
    await withPage(async (page, problems) => {
      await page.goto(`${emu.ssoOidcEndpoint}/device`);
      assert.equal(await page.getByLabel('Code').inputValue(), '');
      await page.getByLabel('Code').fill('ZZZZ-ZZZZ');
      await page.getByLabel('User name').fill('developer');
      await page.getByRole('button', { name: 'Allow' }).click();
      assert.match(await page.getByRole('alert').innerText(), /not valid/);
      await page.getByLabel('Code').fill(device.userCode!.replace('-', '').toLowerCase());
      await page.getByLabel('User name').fill('mallory');
      await page.getByRole('button', { name: 'Allow' }).click();
      assert.match(await page.getByRole('alert').innerText(), /No user named "mallory"/);
      assert.equal(await page.getByLabel('User name').inputValue(), 'mallory', 'what was typed is kept');
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Request denied' }).waitFor();
      // The 400 answers of the refused attempts are the only console noise a page may show.
      assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
    });
    const denied = await failure(pollDevice(emu, client, device.deviceCode!));
    assert.ok(denied instanceof AccessDeniedException, denied.name);
  });
});

describe('the /authorize page', () => {
  test('sign in and Allow: the browser lands on the loopback callback with a code and the state, and the code is a token', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const redirectUri = `${callbackBase}/oauth/callback`;
    lastCallback = undefined;
    await withPage(async (page, problems) => {
      await page.goto(authorizeUrl(emu, client.clientId, redirectUri, p));
      await page.getByRole('heading', { name: /Allow gamelift-connect-test/ }).waitFor();
      await page.getByLabel('User name').fill('developer');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/callback');
      assert.deepEqual(problems, []);
    });
    assert.equal(received()?.searchParams.get('state'), p.state);
    const code = received()!.searchParams.get('code')!;
    const token = await exchangeCode(emu, client, code, redirectUri, p.verifier);
    assert.ok(token.accessToken && token.refreshToken);
  });

  test('Deny: the callback gets error=access_denied and the state, no code', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    lastCallback = undefined;
    await withPage(async (page) => {
      await page.goto(authorizeUrl(emu, client.clientId, `${callbackBase}/oauth/callback`, p));
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/callback');
    });
    assert.equal(received()?.searchParams.get('error'), 'access_denied');
    assert.equal(received()?.searchParams.get('state'), p.state);
    assert.equal(received()?.searchParams.get('code'), null);
  });

  test('the denyNextApproval knob turns Allow into a denial', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    lastCallback = undefined;
    emu.setFaults({ sso: { denyNextApproval: true } });
    await withPage(async (page) => {
      await page.goto(authorizeUrl(emu, client.clientId, `${callbackBase}/oauth/callback`, p));
      await page.getByLabel('User name').fill('developer');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/callback');
    });
    assert.equal(received()?.searchParams.get('error'), 'access_denied');
  });

  test('an answered request cannot be answered again (the form re-posted)', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    await withPage(async (page) => {
      await page.goto(authorizeUrl(emu, client.clientId, `${callbackBase}/oauth/callback`, p));
      const requestId = await page.locator('input[name=request]').inputValue();
      await page.getByLabel('User name').fill('developer');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/callback');
      const again = await fetch(`${emu.ssoOidcEndpoint}/authorize`, { method: 'POST', body: new URLSearchParams({ request: requestId, userName: 'developer', decision: 'allow' }), redirect: 'manual' });
      assert.equal(again.status, 400);
      assert.match(await again.text(), /expired or was already answered/);
    });
  });
});
