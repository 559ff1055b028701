import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidClientMetadataException,
  InvalidGrantException,
  InvalidRedirectUriException,
  InvalidRequestException,
  InvalidScopeException,
  RegisterClientCommand,
  SlowDownException,
  StartDeviceAuthorizationCommand,
  UnauthorizedClientException,
  UnsupportedGrantTypeException,
} from '@aws-sdk/client-sso-oidc';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { failure } from '../emulator-fixture';
import { DEVICE_GRANT, oidcClient, pollDevice, registerDeviceClient, registerPkceClient, SCOPE, startDevice, startUrl } from './sso-fixture';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({});
});
after(() => emu.close());

/** The SDK error's class, status and OAuth fields, as a client would read them. */
async function oidcFailure(promise: Promise<unknown>, type: new (...args: never[]) => Error, error: string) {
  const e = (await failure(promise)) as Error & { error?: string; error_description?: string; $metadata: { httpStatusCode?: number } };
  assert.ok(e instanceof type, `expected ${type.name}, got ${e.name}: ${e.message}`);
  assert.equal(e.name, type.name);
  assert.equal(e.error, error);
  assert.ok(e.error_description && e.error_description.length > 0, 'error_description says why');
  return e;
}

describe('RegisterClient', () => {
  test('a public client gets an id, a secret and a secret that expires in 90 days', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await oidcClient(emu).send(new RegisterClientCommand({ clientName: 'test', clientType: 'public', scopes: [SCOPE] }));
    assert.match(out.clientId!, /^[\w-]{16,}$/);
    assert.ok(out.clientSecret!.length > 64);
    assert.ok(out.clientIdIssuedAt! >= before && out.clientIdIssuedAt! <= before + 5);
    assert.equal(out.clientSecretExpiresAt! - out.clientIdIssuedAt!, 90 * 24 * 3600);
    const other = await registerDeviceClient(emu);
    assert.notEqual(other.clientId, out.clientId);
  });

  test('missing members, a confidential client, unknown scopes, grants and redirect URIs are refused with their exception', async () => {
    const client = oidcClient(emu);
    const register = (input: Record<string, unknown>) => client.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public', ...input }));
    const missing = await oidcFailure(client.send(new RegisterClientCommand({ clientType: 'public' } as never)), InvalidRequestException, 'invalid_request');
    assert.match(missing.error_description!, /clientName/);
    assert.equal(missing.$metadata.httpStatusCode, 400);
    await oidcFailure(register({ clientType: 'confidential' }), InvalidClientMetadataException, 'invalid_client_metadata');
    const scope = await oidcFailure(register({ scopes: ['sso:account:access', 's3:everything'] }), InvalidScopeException, 'invalid_scope');
    assert.match(scope.error_description!, /s3:everything/);
    await oidcFailure(register({ grantTypes: ['client_credentials'] }), UnsupportedGrantTypeException, 'unsupported_grant_type');
    const pkceBase = { grantTypes: ['authorization_code', 'refresh_token'], issuerUrl: startUrl(emu), scopes: [SCOPE] };
    await oidcFailure(register({ ...pkceBase, redirectUris: ['http://example.com/oauth/callback'] }), InvalidRedirectUriException, 'invalid_redirect_uri');
    await oidcFailure(register({ ...pkceBase, redirectUris: ['not a url'] }), InvalidRedirectUriException, 'invalid_redirect_uri');
    await oidcFailure(register({ ...pkceBase }), InvalidRedirectUriException, 'invalid_redirect_uri');
    await oidcFailure(register({ ...pkceBase, redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: 'https://d-0000000000.awsapps.com/start' }), InvalidRequestException, 'invalid_request');
  });
});

describe('StartDeviceAuthorization', () => {
  test('gives a device code, a user code like ABCD-EFGH and the device page, prefilled in verificationUriComplete', async () => {
    const out = await startDevice(emu, await registerDeviceClient(emu));
    assert.match(out.userCode!, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(out.verificationUri, `${emu.ssoOidcEndpoint}/device`);
    assert.equal(out.verificationUriComplete, `${emu.ssoOidcEndpoint}/device?user_code=${out.userCode}`);
    assert.equal(out.expiresIn, 600);
    assert.equal(out.interval, 1);
    assert.ok(out.deviceCode!.length >= 32);
  });

  test('a wrong secret, an unknown client, another start URL and a client registered only for PKCE are refused', async () => {
    const client = await registerDeviceClient(emu);
    const start = (input: Record<string, string>) => oidcClient(emu).send(new StartDeviceAuthorizationCommand({ ...client, startUrl: startUrl(emu), ...input }));
    const wrong = await oidcFailure(start({ clientSecret: `${client.clientSecret.slice(0, -1)}x` }), InvalidClientException, 'invalid_client');
    assert.equal(wrong.$metadata.httpStatusCode, 401);
    await oidcFailure(start({ clientId: 'AAAAAAAAAAAAAAAAAAAAAA' }), InvalidClientException, 'invalid_client');
    await oidcFailure(start({ startUrl: 'https://d-0000000000.awsapps.com/start' }), InvalidRequestException, 'invalid_request');
    const pkceOnly = await registerPkceClient(emu);
    await oidcFailure(oidcClient(emu).send(new StartDeviceAuthorizationCommand({ ...pkceOnly, startUrl: startUrl(emu) })), UnauthorizedClientException, 'unauthorized_client');
  });
});

describe('CreateToken with the device_code grant', () => {
  test('pending until approved, then a Bearer token with a refresh token, once', async () => {
    const client = await registerDeviceClient(emu);
    const device = await startDevice(emu, client);
    await oidcFailure(pollDevice(emu, client, device.deviceCode!), AuthorizationPendingException, 'authorization_pending');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await oidcFailure(pollDevice(emu, client, device.deviceCode!), AuthorizationPendingException, 'authorization_pending');
    assert.equal(emu.identityCenter.approveDevice(device.userCode!.toLowerCase().replace('-', ''), 'developer'), true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const token = await pollDevice(emu, client, device.deviceCode!);
    assert.equal(token.tokenType, 'Bearer');
    assert.equal(token.expiresIn, 3600);
    assert.ok(token.accessToken!.length > 64);
    assert.ok(token.refreshToken, 'a client registered with scopes gets a refresh token');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await oidcFailure(pollDevice(emu, client, device.deviceCode!), InvalidGrantException, 'invalid_grant');
  });

  test('a client registered without scopes gets no refresh token (the legacy AWS CLI profile)', async () => {
    const client = await registerDeviceClient(emu, null);
    const device = await startDevice(emu, client);
    emu.identityCenter.approveDevice(device.userCode!, 'viewer');
    const token = await pollDevice(emu, client, device.deviceCode!);
    assert.ok(token.accessToken);
    assert.equal(token.refreshToken, undefined);
  });

  test('a denial is AccessDeniedException; so is an approval after the denyNextApproval knob, once', async () => {
    const client = await registerDeviceClient(emu);
    const denied = await startDevice(emu, client);
    assert.equal(emu.identityCenter.approveDevice(denied.userCode!, 'developer', false), false);
    await oidcFailure(pollDevice(emu, client, denied.deviceCode!), AccessDeniedException, 'access_denied');

    emu.setFaults({ sso: { denyNextApproval: true } });
    const first = await startDevice(emu, client);
    assert.equal(emu.identityCenter.approveDevice(first.userCode!, 'developer'), false);
    await oidcFailure(pollDevice(emu, client, first.deviceCode!), AccessDeniedException, 'access_denied');
    const second = await startDevice(emu, client);
    assert.equal(emu.identityCenter.approveDevice(second.userCode!, 'developer'), true);
    assert.ok((await pollDevice(emu, client, second.deviceCode!)).accessToken);
  });

  test('another client\'s device code is InvalidGrantException; an unknown grant type and a grant the client lacks are refused', async () => {
    const client = await registerDeviceClient(emu);
    const other = await registerDeviceClient(emu);
    const device = await startDevice(emu, client);
    await oidcFailure(pollDevice(emu, other, device.deviceCode!), InvalidGrantException, 'invalid_grant');
    await oidcFailure(oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: 'password' })), UnsupportedGrantTypeException, 'unsupported_grant_type');
    await oidcFailure(oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code: 'x' })), UnauthorizedClientException, 'unauthorized_client');
    await oidcFailure(oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT })), InvalidRequestException, 'invalid_request');
    await oidcFailure(oidcClient(emu).send(new CreateTokenCommand({ ...client, clientSecret: 'nope', grantType: DEVICE_GRANT, deviceCode: device.deviceCode })), InvalidClientException, 'invalid_client');
    await oidcFailure(oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode, scope: ['openid'] })), InvalidScopeException, 'invalid_scope');
  });

  test('polls closer than the interval are SlowDownException (interval set to 30 s by its knob)', async () => {
    emu.setFaults({ sso: { deviceIntervalSeconds: 30 } });
    try {
      const client = await registerDeviceClient(emu);
      const device = await startDevice(emu, client);
      assert.equal(device.interval, 30);
      await oidcFailure(pollDevice(emu, client, device.deviceCode!), AuthorizationPendingException, 'authorization_pending');
      await oidcFailure(pollDevice(emu, client, device.deviceCode!), SlowDownException, 'slow_down');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      // Still within 30 s of the previous poll (a slowed-down poll counts as one).
      await oidcFailure(pollDevice(emu, client, device.deviceCode!), SlowDownException, 'slow_down');
    } finally {
      emu.setFaults({ sso: { deviceIntervalSeconds: 1 } });
    }
  });
});

describe('device codes expire', () => {
  test('after 600 emulated seconds, ExpiredTokenException (time scaled 1000x)', async () => {
    const fast = await startEmulator({ timeScale: 1000 });
    try {
      const client = await registerDeviceClient(fast);
      const device = await startDevice(fast, client);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await oidcFailure(pollDevice(fast, client, device.deviceCode!), ExpiredTokenException, 'expired_token');
      assert.throws(() => fast.identityCenter.approveDevice(device.userCode!, 'developer'), /No pending device authorization/);
    } finally {
      await fast.close();
    }
  });
});

describe('the wire', () => {
  test('errors carry x-amzn-ErrorType with the exception and a JSON OAuth body, as AWS answers', async () => {
    const res = await fetch(`${emu.ssoOidcEndpoint}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clientId: 'x', clientSecret: 'y', grantType: DEVICE_GRANT, deviceCode: 'z' }) });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('x-amzn-errortype')!, /^InvalidClientException:/);
    assert.ok(res.headers.get('x-amzn-requestid'));
    assert.deepEqual(Object.keys((await res.json()) as object), ['error', 'error_description']);
    const notJson = await fetch(`${emu.ssoOidcEndpoint}/client/register`, { method: 'POST', body: '{' });
    assert.equal(notJson.status, 400);
    assert.match(notJson.headers.get('x-amzn-errortype')!, /^InvalidRequestException:/);
  });
});

describe('the endpoints\' edges', () => {
  test('an unknown path is 404 UnknownOperationException; an oversized body is 413, nothing parsed', async () => {
    const unknown = await fetch(`${emu.ssoOidcEndpoint}/nowhere`, { method: 'POST', body: '{}' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    const big = await fetch(`${emu.ssoOidcEndpoint}/client/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clientName: 'x'.repeat(300 * 1024), clientType: 'public' }) });
    assert.equal(big.status, 413);
    const portal = await fetch(`${emu.ssoEndpoint}/assignment/nowhere`);
    assert.equal(portal.status, 404);
  });
});
