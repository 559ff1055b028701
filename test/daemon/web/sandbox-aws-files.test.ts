// The sandbox offers an IAM Identity Center sign-in to try (#13): a web-mode sandbox daemon lists
// its own sso-session (from its private AWS config, not the user's), signs in to the emulator by
// device code, keeps every token and registration in its private cache (HOME's ~/.aws stays as
// it was), and can work as a role of that sign-in: GameLiftAdmin gets compute access, GameLiftReadOnly
// lists fleets but is refused access; setIdentity goes back to the emulator's own account.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetComputeAccessCommand } from '@aws-sdk/client-gamelift';
import { startSandbox } from '../../../main/daemon/web/sandbox';
import { startWebMode, type WebMode } from '../../../main/daemon/web/web-mode';
import { tokenCacheKey } from '../../../main/daemon/identity/sso/token-cache';
import type { Emulator } from '../../../emulator/index';
import { rememberEnv } from '../../support/process-env';

const restoreEnv = rememberEnv('HOME', 'AWS_CONFIG_FILE');
/** The user's own config, with a sign-in of their own the sandbox must not show or touch. */
const USER_CONFIG = '[sso-session work]\nsso_start_url = https://d-1111111111.awsapps.com/start\nsso_region = eu-west-1\n';

let home: string;
let web: WebMode;
let emu: Emulator;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'gc-sandbox-home-'));
  process.env.HOME = home;
  delete process.env.AWS_CONFIG_FILE;
  await mkdir(join(home, '.aws'));
  await writeFile(join(home, '.aws', 'config'), USER_CONFIG);
  web = await startWebMode({ rendererRoot: join(home, 'no-renderer'), sandbox: () => startSandbox(), daemon: { watchEvents: false, openExternal: async () => true } });
  emu = web.sandbox!.emulator!;
});

after(async () => {
  await web?.close();
  await rm(home, { recursive: true, force: true });
  restoreEnv();
});

describe('the sandbox sign-in', () => {
  it('is listed from the sandbox\'s own config, needing a sign-in; the user\'s sign-ins are not', async () => {
    const { signIns } = await web.daemon.api.ssoStatus({});
    assert.deepEqual(
      signIns.map((s) => [s.ssoSession, s.startUrl, s.ssoRegion, s.state]),
      [['sandbox', emu.identityCenter.directory.spec.startUrl, emu.identityCenter.directory.spec.region, 'needs-sign-in']],
    );
  });

  it('signs in by device code into its private cache, lists accounts, and works as a role of it', async () => {
    const api = web.daemon.api;
    const start = await api.startSignIn({ ssoSession: 'sandbox', useDeviceCode: true, openBrowser: false });
    assert.ok(start.userCode, 'a device code to approve');
    emu.identityCenter.approveDevice(start.userCode, 'developer');
    const done = await api.awaitSignIn({ signInId: start.signInId });
    assert.ok(done.expiresAt > Date.now());
    const [status] = (await api.ssoStatus({})).signIns;
    assert.equal(status?.state, 'signed-in');

    // The token and the client registration are in the sandbox's private cache, under its data dir.
    const files = web.daemon.signIns.files;
    assert.ok(files.ssoCacheDir.startsWith(join(tmpdir(), 'gamelift-connect-sandbox-')), files.ssoCacheDir);
    const cached = await readdir(files.ssoCacheDir);
    assert.ok(cached.includes(`${tokenCacheKey({ ssoSession: 'sandbox', startUrl: '' })}.json`), `the token file is there: ${cached.join(', ')}`);
    assert.equal(cached.length, 2, 'a token and a registration');
    // HOME's ~/.aws holds what the user had, and nothing more.
    assert.deepEqual(await readdir(join(home, '.aws')), ['config']);
    assert.equal(await readFile(join(home, '.aws', 'config'), 'utf8'), USER_CONFIG);

    const { accounts } = await api.listSsoAccounts({ ssoSession: 'sandbox' });
    const accountId = emu.scenario.accountId;
    assert.ok(accounts.some((a) => a.accountId === accountId), `the emulator's account is offered: ${accounts.map((a) => a.accountId).join(', ')}`);

    const fleets = (await api.listFleets({ refresh: true })).fleets;
    const fleetIds = fleets.map((f) => f.fleetId);
    // An EC2 SDK 5 fleet with a compute: reached through GetComputeAccess, which needs more than read-only.
    let target: { fleetId: string; computeName: string } | undefined;
    for (const fleet of fleets.filter((f) => f.kind === 'ec2' && f.access === 'compute-access')) {
      target ??= (await api.listTargets({ fleetId: fleet.fleetId, refresh: true })).targets[0];
    }
    assert.ok(target, 'the sandbox has an EC2 compute to reach');
    const { fleetId, computeName } = target;
    const access = () => web.daemon.identity.gamelift().send(new GetComputeAccessCommand({ FleetId: fleetId, ComputeName: computeName }));

    const readOnly = await api.useSsoRole({ ssoSession: 'sandbox', accountId, roleName: 'GameLiftReadOnly' });
    assert.deepEqual(readOnly.ssoRole, { ssoSession: 'sandbox', accountId, roleName: 'GameLiftReadOnly' });
    assert.deepEqual((await api.getStatus({})).ssoRole, readOnly.ssoRole);
    assert.deepEqual((await api.listFleets({ refresh: true })).fleets.map((f) => f.fleetId), fleetIds, 'the read-only role lists the fleets');
    await assert.rejects(access(), (err: Error) => err.name === 'AccessDeniedException', 'the read-only role gets no compute access');

    await api.useSsoRole({ ssoSession: 'sandbox', accountId, roleName: 'GameLiftAdmin' });
    assert.deepEqual((await api.listFleets({ refresh: true })).fleets.map((f) => f.fleetId), fleetIds);
    const granted = await access();
    assert.ok(granted.Credentials?.AccessKeyId, 'the admin role gets compute access');

    // Back to the emulator's own account: no SSO role any more, and still working.
    await api.setIdentity({ profile: null, region: emu.region });
    assert.equal((await api.getStatus({})).ssoRole, undefined);
    await access();
  });

  it('saves a profile into the sandbox\'s config only', async () => {
    const out = await web.daemon.api.saveSsoProfile({ name: 'sandbox-admin', ssoSession: 'sandbox', accountId: emu.scenario.accountId, roleName: 'GameLiftAdmin' });
    assert.equal(out.configFile, web.daemon.signIns.files.configFile);
    assert.match(await readFile(out.configFile, 'utf8'), /\[profile sandbox-admin\]\nsso_session = sandbox\n/);
    assert.equal(await readFile(join(home, '.aws', 'config'), 'utf8'), USER_CONFIG);
    assert.deepEqual((await web.daemon.api.ssoStatus({})).signIns[0]?.profiles, ['sandbox-admin']);
  });
});
