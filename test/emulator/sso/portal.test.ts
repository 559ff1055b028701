import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, paginateListAccounts, UnauthorizedException } from '@aws-sdk/client-sso';
import { GameLiftClient, GetComputeAccessCommand, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { loadScenario, startEmulator, type Emulator } from '../../../emulator/index';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { failure, fleetId, ssm } from '../emulator-fixture';
import { portalClient, refresh, signInWithDevice } from './sso-fixture';

let emu: Emulator;
let accessToken: string;
const HOME = '111122223333';
const EXTRA_ACCOUNTS = 45;

before(async () => {
  // The default directory plus 45 more accounts for developer, to page through.
  const scenario = loadScenario();
  const center = scenario.identityCenter!;
  const extra = Array.from({ length: EXTRA_ACCOUNTS }, (_, i) => ({ accountId: String(300000000000 + i), accountName: `Studio ${i}`, emailAddress: `studio${i}@example.com` }));
  scenario.identityCenter = {
    ...center,
    accounts: [...center.accounts, ...extra],
    assignments: [...center.assignments, ...extra.map((a) => ({ userName: 'developer', accountId: a.accountId, permissionSet: 'GameLiftReadOnly' }))],
  };
  emu = await startEmulator({ scenario });
  accessToken = (await signInWithDevice(emu)).accessToken!;
});
after(() => emu.close());

const gameLiftWith = (c: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }) =>
  new GameLiftClient({ region: emu.region, endpoint: emu.gameliftEndpoint, credentials: { accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! }, maxAttempts: 1 });

describe('ListAccounts and ListAccountRoles', () => {
  test('the user\'s accounts, paged by max_result with next_token, in the directory\'s order', async () => {
    const first = await portalClient(emu).send(new ListAccountsCommand({ accessToken, maxResults: 20 }));
    assert.equal(first.accountList!.length, 20);
    assert.deepEqual(first.accountList![0], { accountId: HOME, accountName: 'Game Studio', emailAddress: 'aws-game-studio@example.com' });
    assert.ok(first.nextToken);
    const all: string[] = [];
    for await (const page of paginateListAccounts({ client: portalClient(emu), pageSize: 7 }, { accessToken })) all.push(...page.accountList!.map((a) => a.accountId!));
    assert.equal(all.length, 2 + EXTRA_ACCOUNTS);
    assert.equal(new Set(all).size, all.length);
    const viewer = (await signInWithDevice(emu, 'viewer')).accessToken!;
    const theirs = await portalClient(emu).send(new ListAccountsCommand({ accessToken: viewer }));
    assert.deepEqual(theirs.accountList!.map((a) => a.accountId), [HOME]);
    assert.equal(theirs.nextToken, undefined);
  });

  test('a forged next_token or a max_result out of range is InvalidRequestException', async () => {
    const forged = await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken, nextToken: 'AAAA' })));
    assert.equal(forged.name, 'InvalidRequestException');
    assert.equal(forged.$metadata?.httpStatusCode, 400);
    const page = await portalClient(emu).send(new ListAccountsCommand({ accessToken, maxResults: 2 }));
    const replayed = await failure(portalClient(emu).send(new ListAccountRolesCommand({ accessToken, accountId: HOME, nextToken: page.nextToken })));
    assert.equal(replayed.name, 'InvalidRequestException');
    const tooMany = await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken, maxResults: 101 })));
    assert.equal(tooMany.name, 'InvalidRequestException');
  });

  test('the roles the user holds in one account; none in an account they are not assigned', async () => {
    const roles = await portalClient(emu).send(new ListAccountRolesCommand({ accessToken, accountId: HOME }));
    assert.deepEqual(roles.roleList, [
      { roleName: 'GameLiftAdmin', accountId: HOME },
      { roleName: 'GameLiftReadOnly', accountId: HOME },
    ]);
    const none = await portalClient(emu).send(new ListAccountRolesCommand({ accessToken, accountId: '999999999999' }));
    assert.deepEqual(none.roleList, []);
  });
});

describe('GetRoleCredentials', () => {
  test('credentials that GameLift accepts, with the permission set\'s actions and its session duration', async () => {
    const before = Date.now();
    const admin = (await portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: HOME, roleName: 'GameLiftAdmin' }))).roleCredentials!;
    assert.match(admin.accessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(admin.expiration! >= before + 3600_000 - 1000 && admin.expiration! <= Date.now() + 3600_000, 'expiration is epoch ms, one hour out');
    const fleets = await gameLiftWith(admin).send(new ListFleetsCommand({}));
    assert.ok(fleets.FleetIds!.length > 0);
    const access = await gameLiftWith(admin).send(new GetComputeAccessCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), ComputeName: 'i-0a1f5c2e9b7d30001' }));
    assert.ok(access.Credentials?.AccessKeyId);

    const readOnly = (await portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: HOME, roleName: 'GameLiftReadOnly' }))).roleCredentials!;
    assert.ok((await gameLiftWith(readOnly).send(new ListFleetsCommand({}))).FleetIds!.length > 0);
    const denied = await failure(gameLiftWith(readOnly).send(new GetComputeAccessCommand({ FleetId: fleetId(emu, 'arena-linux-sdk5'), ComputeName: 'i-0a1f5c2e9b7d30001' })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /assumed-role\/AWSReservedSSO_GameLiftReadOnly_[0-9a-f]{16}\/developer is not authorized to perform: gamelift:GetComputeAccess/);
  });

  test('role credentials cannot open Session Manager sessions on fleet instances (those need GetComputeAccess\'s)', async () => {
    const admin = (await portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: HOME, roleName: 'GameLiftAdmin' }))).roleCredentials!;
    const creds = { accessKeyId: admin.accessKeyId!, secretAccessKey: admin.secretAccessKey!, sessionToken: admin.sessionToken! };
    const denied = await failure(ssm(emu, creds).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' })));
    assert.equal(denied.name, 'AccessDeniedException');
  });

  test('a role in another account cannot reach this account\'s GameLift', async () => {
    const sandbox = (await portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: '210987654321', roleName: 'GameLiftReadOnly' }))).roleCredentials!;
    const denied = await failure(gameLiftWith(sandbox).send(new ListFleetsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
  });

  test('a role the user does not hold is ForbiddenException "No access"; missing members are InvalidRequestException', async () => {
    const viewer = (await signInWithDevice(emu, 'viewer')).accessToken!;
    const forbidden = await failure(portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken: viewer, accountId: HOME, roleName: 'GameLiftAdmin' })));
    assert.equal(forbidden.name, 'ForbiddenException');
    assert.equal(forbidden.message, 'No access');
    assert.equal(forbidden.$metadata?.httpStatusCode, 403);
    const missing = await failure(portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: HOME } as never)));
    assert.equal(missing.name, 'InvalidRequestException');
  });

  test('role credentials stop working when expired (ExpiredTokenException from GameLift)', async () => {
    const creds = (await portalClient(emu).send(new GetRoleCredentialsCommand({ accessToken, accountId: HOME, roleName: 'GameLiftAdmin' }))).roleCredentials!;
    assert.ok((await gameLiftWith(creds).send(new ListFleetsCommand({}))).FleetIds!.length > 0);
    emu.setFaults({ expireCredentialsNow: true });
    assert.equal((await failure(gameLiftWith(creds).send(new ListFleetsCommand({})))).name, 'ExpiredTokenException');
  });

});

describe('bearer tokens', () => {
  test('a missing or unknown token is UnauthorizedException "Session token not found or invalid" (401)', async () => {
    for (const token of ['', 'aoa-not-a-token']) {
      const e = await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken: token })));
      assert.ok(e instanceof UnauthorizedException, e.name);
      assert.equal(e.message, 'Session token not found or invalid');
      assert.equal(e.$metadata?.httpStatusCode, 401);
    }
  });

  test('expireAccessTokensNow: access tokens stop working, a refresh brings a working one', async () => {
    const signIn = await signInWithDevice(emu);
    emu.setFaults({ sso: { expireAccessTokensNow: true } });
    const expired = await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken: signIn.accessToken })));
    assert.equal(expired.name, 'UnauthorizedException');
    const renewed = await refresh(emu, signIn.client, signIn.refreshToken!);
    assert.ok((await portalClient(emu).send(new ListAccountsCommand({ accessToken: renewed.accessToken }))).accountList!.length > 0);
    accessToken = renewed.accessToken!;
  });

  test('endSignInsNow: access and refresh tokens stop working', async () => {
    const signIn = await signInWithDevice(emu);
    emu.setFaults({ sso: { endSignInsNow: true } });
    assert.equal((await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken: signIn.accessToken })))).name, 'UnauthorizedException');
    assert.equal((await failure(refresh(emu, signIn.client, signIn.refreshToken!))).name, 'InvalidGrantException');
    accessToken = (await signInWithDevice(emu)).accessToken!;
  });

  test('the accessTokenLifetimeMs knob sets expiresIn; Logout ends the sign-in', async () => {
    emu.setFaults({ sso: { accessTokenLifetimeMs: 15 * 60_000 } });
    try {
      const signIn = await signInWithDevice(emu);
      assert.equal(signIn.expiresIn, 900);
      await portalClient(emu).send(new LogoutCommand({ accessToken: signIn.accessToken }));
      assert.equal((await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken: signIn.accessToken })))).name, 'UnauthorizedException');
      assert.equal((await failure(refresh(emu, signIn.client, signIn.refreshToken!))).name, 'InvalidGrantException');
    } finally {
      emu.setFaults({ sso: { accessTokenLifetimeMs: 60 * 60_000 } });
    }
  });
});
