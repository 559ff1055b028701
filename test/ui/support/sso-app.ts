/**
 * The app as a user of IAM Identity Center meets it: web mode with the real daemon NOT in sandbox
 * mode, against the in-process emulator's GameLift and IAM Identity Center. A throw-away AWS
 * config names two sso-sessions on the emulator's start URL ("studio", "second"), an SSO profile
 * for each ("studio-sso", the one in use, and "second-sso") and a plain profile "taken"; the
 * token cache lives under a throw-away HOME. The daemon's "open the user's browser" is recorded in
 * `opened` (a test opens the URL in this Chromium and approves it there, as a user would).
 * Sets process.env (HOME, AWS_CONFIG_FILE, endpoint overrides): one per test process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { memoryKeychain } from '../../../main/daemon/web/memory-keychain';
import { startWebMode, type WebMode } from '../../../main/daemon/web/web-mode';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { collectPageProblems, launchChromium } from '../../support/chromium';
import { RENDERER } from './app';

export interface SsoApp {
  emulator: Emulator;
  web: WebMode;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** URLs the daemon opened "in the browser", in order. */
  opened: string[];
  /** Every WebSocket frame the page received (answers and events), to check what reached the renderer. */
  received: string[];
  /** The emulated account the SSO profiles use. */
  accountId: string;
  home: string;
  configFile: string;
  close(): Promise<void>;
}

export async function openSsoApp(opts: { signInWaitMs: number; viewport?: { width: number; height: number } }): Promise<SsoApp> {
  const emulator = await startEmulator();
  const spec = emulator.identityCenter.directory.spec;
  const accountId = spec.accounts[0]!.accountId;
  const home = mkdtempSync(join(tmpdir(), 'sso-app-'));
  const configFile = join(home, 'config');
  writeFileSync(join(home, 'credentials'), '');
  writeFileSync(
    configFile,
    [
      '[sso-session studio]',
      `sso_start_url = ${spec.startUrl}`,
      `sso_region = ${spec.region}`,
      'sso_registration_scopes = sso:account:access',
      '',
      '[sso-session second]',
      `sso_start_url = ${spec.startUrl}`,
      `sso_region = ${spec.region}`,
      '',
      '[profile studio-sso]',
      'sso_session = studio',
      `sso_account_id = ${accountId}`,
      'sso_role_name = GameLiftAdmin',
      `region = ${emulator.region}`,
      '',
      '[profile second-sso]',
      'sso_session = second',
      `sso_account_id = ${accountId}`,
      'sso_role_name = GameLiftAdmin',
      `region = ${emulator.region}`,
      '',
      '# a profile of the same name as a save below: only overwritten when confirmed',
      '[profile taken]',
      'region = eu-west-1',
      '',
    ].join('\n'),
  );
  // Chromium starts with the real HOME; the daemon's token cache goes under the throw-away one.
  const browser = await launchChromium();
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL_GAMELIFT: emulator.gameliftEndpoint,
    AWS_ENDPOINT_URL_SSM: emulator.ssmEndpoint,
    AWS_ENDPOINT_URL_KMS: emulator.kmsEndpoint,
  });
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name];
  const opened: string[] = [];
  const web = await startWebMode({
    rendererRoot: RENDERER,
    daemon: {
      profile: 'studio-sso',
      region: emulator.region,
      dataDir: join(home, 'data'),
      keychain: memoryKeychain(),
      endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint, ssooidc: emulator.ssoOidcEndpoint, sso: emulator.ssoEndpoint },
      signInWaitMs: opts.signInWaitMs,
      // The user's default browser, here: noted, and opened in this Chromium by the test.
      openExternal: async (url) => {
        opened.push(url);
        return true;
      },
    },
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 860 } });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  const received: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(typeof payload === 'string' ? payload : payload.toString('utf8'))));
  await page.goto(web.url);
  return {
    emulator,
    web,
    browser,
    context,
    page,
    problems,
    opened,
    received,
    accountId,
    home,
    configFile,
    async close() {
      await browser.close();
      await web.close();
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
