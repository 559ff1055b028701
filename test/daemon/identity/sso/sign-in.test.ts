// In-app IAM Identity Center sign-in end to end against the emulated Identity Center: the daemon
// runs as an SSO profile (no sandbox credentials), opens the browser through its openExternal
// (here: a capture, or real Chromium driving the emulator's approval page), writes the AWS CLI's
// cache, and GameLift calls go through the signed-in role. Also: one sign-in resumes every waiting
// call, refresh without a browser, denial and cancel, SignInNeeded after the wait, no token in
// the log or any event.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import type { Browser, Page } from 'playwright-core';
import type { EventName } from '../../../../preload/contract';
import { Daemon } from '../../../../main/daemon/daemon';
import { DaemonError } from '../../../../main/daemon/errors';
import { memoryKeychain } from '../../../../main/daemon/web/memory-keychain';
import { startEmulator, type Emulator } from '../../../../emulator/index';
import { launchChromium } from '../../../support/chromium';
import { rememberEnv } from '../../../support/process-env';
import { waitFor } from '../../../support/wait';

const PROFILE = 'dev';
const ACCOUNT = '111122223333';

describe('IAM Identity Center sign-in (daemon, emulator)', () => {
  let emu: Emulator;
  let daemon: Daemon;
  let root: string;
  let dataDir: string;
  const opened: string[] = [];
  /** What openExternal does with a URL: by default only noted; a test may drive a browser with it. */
  let onOpen: (url: string) => Promise<void> = async () => undefined;
  const emitted: { event: EventName; payload: unknown }[] = [];
  const restoreEnv = rememberEnv('HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE');
  let home = '';

  /** A fresh home: no cached sign-in. */
  async function newHome(): Promise<string> {
    home = await mkdtemp(join(root, 'home-'));
    process.env.HOME = home;
    return home;
  }
  const cacheFiles = async (): Promise<string[]> => readdir(join(home, '.aws', 'sso', 'cache')).catch(() => []);
  const cachedToken = async (): Promise<Record<string, string>> => {
    const { createHash } = await import('node:crypto');
    return JSON.parse(await readFile(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('studio').digest('hex')}.json`), 'utf8')) as Record<string, string>;
  };
  const eventsOf = <T>(name: EventName): T[] => emitted.filter((e) => e.event === name).map((e) => e.payload as T);
  /** Drops the identity's cached role credentials, so the next GameLift call asks IAM Identity Center again. */
  const freshIdentity = () => daemon.api.setIdentity({ profile: PROFILE, region: emu.region });

  before(async () => {
    emu = await startEmulator({});
    root = await mkdtemp(join(tmpdir(), 'gc-sso-'));
    dataDir = join(root, 'data');
    await newHome();
    const config = join(root, 'config');
    await writeFile(config, `[profile ${PROFILE}]\nsso_session = studio\nsso_account_id = ${ACCOUNT}\nsso_role_name = GameLiftAdmin\nregion = ${emu.region}\n\n[sso-session studio]\nsso_start_url = ${emu.identityCenter.directory.spec.startUrl}\nsso_region = ${emu.identityCenter.directory.spec.region}\nsso_registration_scopes = sso:account:access\n\n[profile legacy]\nsso_start_url = ${emu.identityCenter.directory.spec.startUrl}\nsso_region = ${emu.identityCenter.directory.spec.region}\nsso_account_id = ${ACCOUNT}\nsso_role_name = GameLiftReadOnly\n`);
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(root, 'no-credentials');
    delete process.env.AWS_PROFILE;
    daemon = await Daemon.start({
      dataDir,
      profile: PROFILE,
      region: emu.region,
      endpoints: { gamelift: emu.gameliftEndpoint, ssm: emu.ssmEndpoint, kms: emu.kmsEndpoint, ssooidc: emu.ssoOidcEndpoint, sso: emu.ssoEndpoint },
      keychain: memoryKeychain(),
      watchEvents: false,
      signInWaitMs: 60_000,
      openExternal: async (url) => {
        opened.push(url);
        await onOpen(url);
        return true;
      },
    });
    daemon.events.subscribe((event, payload) => emitted.push({ event, payload }));
  });

  after(async () => {
    await daemon?.stop();
    await emu?.close();
    restoreEnv();
    await rm(root, { recursive: true, force: true });
  });

  it('lists the sso-session as needing a sign-in before there is one', async () => {
    const { signIns } = await daemon.api.ssoStatus({});
    assert.deepEqual(signIns.map((s) => [s.ssoSession, s.profiles, s.state]), [
      ['studio', [PROFILE], 'needs-sign-in'],
      [null, ['legacy'], 'needs-sign-in'],
    ]);
    assert.equal(signIns[1]?.startUrl, emu.identityCenter.directory.spec.startUrl);
  });

  it('device code: opens the complete verification URL, and once approved GameLift answers as the SSO role', async () => {
    const start = await daemon.api.startSignIn({ profile: PROFILE, useDeviceCode: true });
    assert.equal(start.flow, 'device-code');
    assert.ok(start.userCode && start.verificationUri && start.verificationUriComplete);
    assert.equal(opened.at(-1), start.verificationUriComplete, 'the browser got the URL that fills in the code');
    assert.equal(start.browserOpened, true);
    assert.ok(start.verificationUriComplete.includes(encodeURIComponent(start.userCode)) || start.verificationUriComplete.includes(start.userCode));
    // A second start while this one runs is the same flow.
    assert.equal((await daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true })).signInId, start.signInId);
    assert.equal((await daemon.api.ssoStatus({})).signIns[0]?.state, 'signing-in');

    assert.equal(emu.identityCenter.approveDevice(start.userCode, 'developer'), true);
    const done = await daemon.api.awaitSignIn({ signInId: start.signInId });
    assert.ok(done.expiresAt > Date.now());

    const token = await cachedToken();
    assert.ok(token.accessToken && token.refreshToken && token.clientId && token.clientSecret);
    assert.equal(token.startUrl, emu.identityCenter.directory.spec.startUrl);
    assert.match(token.expiresAt!, /Z$/);
    for (const file of await cacheFiles()) assert.equal((await stat(join(home, '.aws', 'sso', 'cache', file))).mode & 0o777, 0o600, file);
    assert.equal((await stat(join(home, '.aws', 'sso', 'cache'))).mode & 0o777, 0o700);

    const status = (await daemon.api.ssoStatus({})).signIns[0];
    assert.equal(status?.state, 'signed-in');
    assert.equal(status?.refreshable, true);

    const { fleets } = await daemon.api.listFleets({ refresh: true });
    assert.ok(fleets.length > 0, 'GameLift answered the SSO role');

    // The JS SDK's own SSO path reads the same sign-in (the AWS CLI's cache).
    const creds = await fromIni({ profile: PROFILE, ignoreCache: true, clientConfig: { endpoint: emu.ssoEndpoint } })();
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(eventsOf<{ state: string }>('signInProgress').some((p) => p.state === 'succeeded'));
  });

  it('lists accounts and roles, switches to one (useSsoRole) and saves it as a profile', async () => {
    const { accounts } = await daemon.api.listSsoAccounts({ ssoSession: 'studio' });
    assert.deepEqual(accounts.map((a) => a.accountId).sort(), ['111122223333', '210987654321']);
    const { roles } = await daemon.api.listSsoAccountRoles({ profile: PROFILE, accountId: '210987654321' });
    assert.deepEqual(roles.map((r) => r.roleName), ['GameLiftReadOnly']);
    await assert.rejects(daemon.api.useSsoRole({ ssoSession: 'studio', accountId: '210987654321', roleName: 'GameLiftAdmin' }), (err: DaemonError) => err.code === 'NotFound');
    const used = await daemon.api.useSsoRole({ ssoSession: 'studio', accountId: ACCOUNT, roleName: 'GameLiftReadOnly' });
    assert.deepEqual(used.ssoRole, { ssoSession: 'studio', accountId: ACCOUNT, roleName: 'GameLiftReadOnly' });
    assert.deepEqual((await daemon.api.getStatus({})).ssoRole, used.ssoRole);
    assert.ok((await daemon.api.listFleets({ refresh: true })).fleets.length > 0, 'the read-only role may list fleets');
    const saved = await daemon.api.saveSsoProfile({ name: 'sandbox-ro', ssoSession: 'studio', accountId: '210987654321', roleName: 'GameLiftReadOnly' });
    assert.equal(saved.created, true);
    assert.ok((await daemon.api.listProfiles({})).profiles.some((p) => p.name === 'sandbox-ro' && p.sso));
    await freshIdentity();
    assert.equal((await daemon.api.getStatus({})).ssoRole, undefined);
  });

  it('refreshes with the refresh token when the access token is refused, without a browser', async () => {
    const before = await cachedToken();
    const openedBefore = opened.length;
    emu.setFaults({ sso: { expireAccessTokensNow: true } });
    await freshIdentity();
    assert.ok((await daemon.api.listFleets({ refresh: true })).fleets.length > 0);
    const after = await cachedToken();
    assert.notEqual(after.accessToken, before.accessToken, 'a new access token is cached');
    assert.equal(after.clientId, before.clientId);
    assert.equal(opened.length, openedBefore, 'no browser was opened');
  });

  it('one sign-in resumes every call waiting for it; signInNeeded names the profile and account', async () => {
    await newHome();
    await freshIdentity();
    const needed = eventsOf('signInNeeded').length;
    const first = daemon.api.listFleets({ refresh: true });
    const third = daemon.api.listTargets({ fleetId: 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001', refresh: true });
    const second = daemon.api.listSsoAccounts({ profile: PROFILE });
    await waitFor('two waiting calls', () => eventsOf<{ waiting: number }>('signInNeeded').slice(needed).some((p) => p.waiting === 2), 20_000);
    const event = eventsOf<{ ssoSession: string; profiles: string[]; accountId?: string; reason: string }>('signInNeeded').at(-1);
    assert.equal(event?.ssoSession, 'studio');
    assert.deepEqual(event?.profiles, [PROFILE, 'sandbox-ro'], 'every profile of the sso-session, the one saved above too');
    assert.equal(event?.accountId, ACCOUNT);
    assert.equal(event?.reason, 'missing');
    assert.equal((await daemon.api.ssoStatus({})).signIns[0]?.waiting, 2);

    const signedInBefore = eventsOf('signedIn').length;
    const start = await daemon.api.startSignIn({ useDeviceCode: true }); // the current profile's sign-in
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    const [fleets, accounts, targets] = await Promise.all([first, second, third]);
    assert.ok(fleets.fleets.length > 0 && accounts.accounts.length > 0 && targets.targets.length > 0);
    // The GameLift calls share one role-credential lookup; with the account listing that is two waiters, resumed by one signedIn.
    const signedIn = eventsOf<{ resumed: number }>('signedIn').slice(signedInBefore);
    assert.deepEqual(signedIn.map((s) => s.resumed), [2]);
  });

  it('authorization code with PKCE: the approval page in Chromium redirects to the loopback, which says the tab can close', async () => {
    await newHome();
    await freshIdentity();
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page: Page = await browser.newPage();
      onOpen = async (url) => {
        await page.goto(url);
      };
      const start = await daemon.api.startSignIn({ profile: PROFILE });
      assert.equal(start.flow, 'authorization-code');
      const url = new URL(start.authorizationUrl!);
      assert.equal(url.origin + url.pathname, `${emu.ssoOidcEndpoint}/authorize`);
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
      assert.ok(url.searchParams.get('state'));
      assert.equal(opened.at(-1), start.authorizationUrl);
      await page.fill('#userName', 'developer');
      await page.click('button[value="allow"]');
      const done = await daemon.api.awaitSignIn({ signInId: start.signInId });
      assert.ok(done.expiresAt > Date.now());
      await page.waitForURL(/127\.0\.0\.1:\d+\/oauth\/callback/);
      assert.match(await page.textContent('body') ?? '', /You can close this tab/);
      assert.ok((await daemon.api.listFleets({ refresh: true })).fleets.length > 0);
      const token = await cachedToken();
      assert.ok(token.refreshToken, 'the authorization-code grant gives a refresh token');
    } finally {
      onOpen = async () => undefined;
      await browser?.close();
    }
  });

  it('a denied device sign-in fails awaitSignIn with AccessDenied and says so in signInProgress', async () => {
    emu.setFaults({ sso: { denyNextApproval: true } });
    const start = await daemon.api.startSignIn({ profile: PROFILE, useDeviceCode: true });
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    await assert.rejects(daemon.api.awaitSignIn({ signInId: start.signInId }), (err: DaemonError) => err.code === 'AccessDenied');
    await waitFor('the failed progress event', () => eventsOf<{ signInId: string; state: string }>('signInProgress').some((p) => p.signInId === start.signInId && p.state === 'failed'), 20_000);
  });

  it('cancelSignIn ends an authorization-code sign-in and closes its loopback port', async () => {
    const start = await daemon.api.startSignIn({ profile: PROFILE, openBrowser: false });
    assert.equal(start.browserOpened, false);
    const redirect = new URL(start.authorizationUrl!).searchParams.get('redirect_uri')!;
    assert.equal((await fetch(`${redirect}?state=wrong&code=x`)).status, 400, 'a callback with another state is refused and ignored');
    assert.deepEqual(await daemon.api.cancelSignIn({ signInId: start.signInId }), { cancelled: true });
    await assert.rejects(daemon.api.awaitSignIn({ signInId: start.signInId }), (err: DaemonError) => /cancelled/.test(err.message));
    await assert.rejects(fetch(redirect), 'nothing listens there any more');
    assert.deepEqual(await daemon.api.cancelSignIn({ signInId: start.signInId }), { cancelled: false });
  });

  it('a call that waits longer than signInWaitMs fails with SignInNeeded naming the sign-in', async () => {
    const short = await Daemon.start({
      dataDir: join(root, 'data-short'),
      profile: PROFILE,
      region: emu.region,
      endpoints: { gamelift: emu.gameliftEndpoint, ssooidc: emu.ssoOidcEndpoint, sso: emu.ssoEndpoint },
      keychain: memoryKeychain(),
      watchEvents: false,
      signInWaitMs: 300,
      openExternal: async () => true,
    });
    try {
      await newHome();
      await assert.rejects(short.api.listFleets({ refresh: true }), (err: DaemonError) => {
        assert.equal(err.code, 'SignInNeeded');
        assert.equal(err.signIn?.ssoSession, 'studio');
        assert.equal(err.signIn?.accountId, ACCOUNT);
        assert.match(err.hint ?? '', /gamelift-connect login --sso-session studio/);
        return true;
      });
    } finally {
      await short.stop();
    }
  });

  it('a legacy SSO profile (its own sso_start_url) signs in under the start URL\'s key, which the SDK reads', async () => {
    const start = await daemon.api.startSignIn({ profile: 'legacy', useDeviceCode: true });
    assert.equal(start.ref.ssoSession, null);
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    await daemon.api.awaitSignIn({ signInId: start.signInId });
    const { createHash } = await import('node:crypto');
    const file = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(emu.identityCenter.directory.spec.startUrl).digest('hex')}.json`);
    assert.ok((JSON.parse(await readFile(file, 'utf8')) as { accessToken?: string }).accessToken);
    const creds = await fromIni({ profile: 'legacy', ignoreCache: true, clientConfig: { endpoint: emu.ssoEndpoint } })();
    assert.match(creds.accessKeyId, /^ASIA/);
    await daemon.api.setIdentity({ profile: 'legacy', region: emu.region });
    assert.ok((await daemon.api.listFleets({ refresh: true })).fleets.length > 0);
    assert.equal((await daemon.api.ssoStatus({})).signIns.find((s) => s.ssoSession === null)?.state, 'signed-in');
    await freshIdentity();
  });

  it('no token, refresh token or client secret reaches the log or any event', async () => {
    const secrets = new Set<string>();
    for (const dir of await readdir(root)) {
      if (!dir.startsWith('home-')) continue;
      const cache = join(root, dir, '.aws', 'sso', 'cache');
      for (const file of await readdir(cache).catch(() => [])) {
        const body = JSON.parse(await readFile(join(cache, file), 'utf8')) as Record<string, string>;
        for (const key of ['accessToken', 'refreshToken', 'clientSecret']) if (body[key]) secrets.add(body[key]);
      }
    }
    assert.ok(secrets.size >= 4, `found the secrets to look for (${secrets.size})`);
    const log = await readFile(join(dataDir, 'logs', 'gamelift-connect.log'), 'utf8');
    assert.match(log, /\[sso\] signed in/);
    const events = JSON.stringify(emitted);
    for (const secret of secrets) {
      assert.ok(!log.includes(secret), 'a secret is in the log');
      assert.ok(!events.includes(secret), 'a secret is in an event');
    }
  });
});
