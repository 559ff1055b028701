// botocore against the emulated Identity Center: the AWS CLI (v1 has no `sso login`, but its SSO
// credential provider and token refresher are botocore's) uses a cached sign-in, refreshes it with
// CreateToken's refresh_token grant when it is about to expire, writes the new token back, and
// calls GameLift with GetRoleCredentials' credentials. Skipped when `aws` is not on PATH.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { awsCliPath } from '../../support/aws-cli';
import { portalClient, signInWithDevice } from './sso-fixture';

const run = promisify(execFile);
const aws = await awsCliPath();

/** botocore's cache timestamps: UTC without fractions. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe('the AWS CLI with an sso-session profile on the emulator', { skip: aws ? false : 'the aws CLI is not on PATH' }, () => {
  let emu: Emulator;
  let home: string;
  let cacheFile: string;

  before(async () => {
    emu = await startEmulator({});
    home = mkdtempSync(join(tmpdir(), 'sso-cli-'));
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    const { startUrl, region } = emu.identityCenter.directory.spec;
    writeFileSync(
      join(home, '.aws', 'config'),
      `[profile emulated]\nsso_session = emulated\nsso_account_id = 111122223333\nsso_role_name = GameLiftReadOnly\nregion = us-west-2\n\n` +
        `[sso-session emulated]\nsso_start_url = ${startUrl}\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`,
    );
    // botocore names an sso-session's cache file after the SHA-1 of the session's name.
    cacheFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('emulated').digest('hex')}.json`);
  });
  after(async () => {
    rmSync(home, { recursive: true, force: true });
    await emu.close();
  });

  const cli = async (...args: string[]) => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ENDPOINT_URL_SSO_OIDC: emu.ssoOidcEndpoint,
      AWS_ENDPOINT_URL_SSO: emu.ssoEndpoint,
    };
    const { stdout } = await run(aws!, [...args, '--profile', 'emulated', '--output', 'json'], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  test('a sign-in about to expire is refreshed (refresh_token grant), written back, and GameLift answers with the role', async () => {
    const signIn = await signInWithDevice(emu);
    const { startUrl, region } = emu.identityCenter.directory.spec;
    writeFileSync(
      cacheFile,
      JSON.stringify({
        startUrl,
        region,
        accessToken: signIn.accessToken,
        // Inside botocore's 10-minute mandatory refresh window.
        expiresAt: iso(Date.now() + 60_000),
        clientId: signIn.client.clientId,
        clientSecret: signIn.client.clientSecret,
        registrationExpiresAt: iso(Date.now() + 80 * 86_400_000),
        refreshToken: signIn.refreshToken,
      }),
    );
    const out = await cli('gamelift', 'list-fleets', '--endpoint-url', emu.gameliftEndpoint);
    assert.deepEqual(out.FleetIds, emu.scenario.fleets.map((f) => f.fleetId));
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { accessToken: string; refreshToken: string; expiresAt: string };
    assert.notEqual(cached.accessToken, signIn.accessToken);
    assert.notEqual(cached.refreshToken, signIn.refreshToken, 'the rotated refresh token was saved');
    assert.ok(Date.parse(cached.expiresAt) > Date.now() + 50 * 60_000);
    const accounts = await portalClient(emu).send(new ListAccountsCommand({ accessToken: cached.accessToken }));
    assert.ok(accounts.accountList!.length > 0);
  });

  test('the read-only permission set cannot GetComputeAccess: the CLI reports AccessDeniedException', async () => {
    await assert.rejects(
      cli('gamelift', 'get-compute-access', '--endpoint-url', emu.gameliftEndpoint, '--fleet-id', emu.scenario.fleets[0]!.fleetId, '--compute-name', 'i-0a1f5c2e9b7d30001'),
      (error: Error & { stderr?: string }) => /AccessDeniedException/.test(error.stderr ?? '') && /GameLiftReadOnly/.test(error.stderr ?? ''),
    );
  });

  test('aws sso list-accounts parses the portal\'s answer', async () => {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { accessToken: string };
    const out = await cli('sso', 'list-accounts', '--access-token', cached.accessToken, '--region', 'us-west-2');
    assert.deepEqual(
      (out.accountList as { accountId: string }[]).map((a) => a.accountId),
      emu.identityCenter.directory.accountsOf('developer').map((a) => a.accountId),
    );
  });
});
