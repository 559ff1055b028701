import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTokenCommand, ExpiredTokenException, InvalidGrantException, InvalidRequestException, InvalidScopeException } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { loadScenario, startEmulator, type Emulator } from '../../../emulator/index';
import { failure } from '../emulator-fixture';
import { authorizeUrl, exchangeCode, oidcClient, pkce, portalClient, refresh, registerPkceClient, signInWithDevice } from './sso-fixture';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({});
});
after(() => emu.close());

const REDIRECT = 'http://127.0.0.1:49152/oauth/callback';

/** Approves an /authorize URL as `developer` and returns the code the browser would bring back. */
function approvedCode(url: string, state: string): string {
  const back = new URL(emu.identityCenter.authorize(url, 'developer'));
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
  assert.equal(back.searchParams.get('state'), state);
  return back.searchParams.get('code')!;
}

async function grantError(promise: Promise<unknown>, type: new (...args: never[]) => Error) {
  const e = (await failure(promise)) as Error & { error?: string; error_description?: string };
  assert.ok(e instanceof type, `expected ${type.name}, got ${e.name}: ${e.message}`);
  return e;
}

describe('the authorization code grant with PKCE', () => {
  test('the code botocore\'s query earns, with its verifier and redirect URI, is a token with a refresh token', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const code = approvedCode(authorizeUrl(emu, client.clientId, REDIRECT, p), p.state);
    const token = await exchangeCode(emu, client, code, REDIRECT, p.verifier);
    assert.equal(token.tokenType, 'Bearer');
    assert.ok(token.refreshToken);
    const accounts = await portalClient(emu).send(new ListAccountsCommand({ accessToken: token.accessToken }));
    assert.ok(accounts.accountList!.length > 0);
  });

  test('a verifier that does not match the challenge is refused; so are a missing verifier and another redirect URI', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const code = approvedCode(authorizeUrl(emu, client.clientId, REDIRECT, p), p.state);
    const mismatch = await grantError(exchangeCode(emu, client, code, REDIRECT, pkce().verifier), InvalidGrantException);
    assert.match(mismatch.error_description!, /verifier/);
    await grantError(oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code, redirectUri: REDIRECT })), InvalidRequestException);
    await grantError(exchangeCode(emu, client, code, 'http://127.0.0.1:49153/oauth/callback', p.verifier), InvalidGrantException);
    // None of those spent the code.
    assert.ok((await exchangeCode(emu, client, code, REDIRECT, p.verifier)).accessToken);
  });

  test('a code works once: its replay is InvalidGrantException and ends the sign-in it started', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const code = approvedCode(authorizeUrl(emu, client.clientId, REDIRECT, p), p.state);
    const token = await exchangeCode(emu, client, code, REDIRECT, p.verifier);
    await grantError(exchangeCode(emu, client, code, REDIRECT, p.verifier), InvalidGrantException);
    const portal = await failure(portalClient(emu).send(new ListAccountsCommand({ accessToken: token.accessToken })));
    assert.equal(portal.name, 'UnauthorizedException');
    await grantError(refresh(emu, client, token.refreshToken!), InvalidGrantException);
  });

  test('another client cannot redeem the code', async () => {
    const client = await registerPkceClient(emu);
    const thief = await registerPkceClient(emu);
    const p = pkce();
    const code = approvedCode(authorizeUrl(emu, client.clientId, REDIRECT, p), p.state);
    await grantError(exchangeCode(emu, thief, code, REDIRECT, p.verifier), InvalidGrantException);
  });

  test('codes expire after 10 emulated minutes (ExpiredTokenException)', async () => {
    const fast = await startEmulator({ timeScale: 2000 });
    try {
      const client = await registerPkceClient(fast);
      const p = pkce();
      const back = new URL(fast.identityCenter.authorize(authorizeUrl(fast, client.clientId, REDIRECT, p), 'developer'));
      await new Promise((resolve) => setTimeout(resolve, 400));
      await grantError(exchangeCode(fast, client, back.searchParams.get('code')!, REDIRECT, p.verifier), ExpiredTokenException);
    } finally {
      await fast.close();
    }
  });
});

describe('/authorize refusals', () => {
  test('a bad client or redirect URI is an error page (never a redirect); other problems go back to the redirect URI with the state', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const get = (url: string) => fetch(url, { redirect: 'manual' });
    const good = new URL(authorizeUrl(emu, client.clientId, REDIRECT, p));
    const variant = (name: string, value: string | null) => {
      const u = new URL(good);
      if (value === null) u.searchParams.delete(name);
      else u.searchParams.set(name, value);
      return u.toString();
    };
    for (const url of [variant('client_id', 'unknown'), variant('redirect_uri', 'http://127.0.0.1:1/elsewhere'), variant('redirect_uri', null)]) {
      const res = await get(url);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /role="alert"/);
    }
    for (const [url, error] of [
      [variant('code_challenge_method', 'plain'), 'invalid_request'],
      [variant('code_challenge', null), 'invalid_request'],
      [variant('response_type', 'token'), 'unsupported_response_type'],
      [variant('scopes', 'sso:account:access openid'), 'invalid_scope'],
    ] as const) {
      const res = await get(url);
      assert.equal(res.status, 302, url);
      const back = new URL(res.headers.get('location')!);
      assert.equal(back.searchParams.get('error'), error);
      assert.equal(back.searchParams.get('state'), p.state);
    }
  });

  test('a denial goes back as error=access_denied with the state', async () => {
    const client = await registerPkceClient(emu);
    const p = pkce();
    const back = new URL(emu.identityCenter.authorize(authorizeUrl(emu, client.clientId, REDIRECT, p), 'developer', false));
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('code'), null);
    assert.equal(back.searchParams.get('state'), p.state);
  });
});

describe('the refresh_token grant', () => {
  test('rotates: each refresh gives a new access and refresh token, and a spent refresh token is InvalidGrantException', async () => {
    const signIn = await signInWithDevice(emu);
    const first = await refresh(emu, signIn.client, signIn.refreshToken!);
    assert.notEqual(first.accessToken, signIn.accessToken);
    assert.notEqual(first.refreshToken, signIn.refreshToken);
    await grantError(refresh(emu, signIn.client, signIn.refreshToken!), InvalidGrantException);
    const second = await refresh(emu, signIn.client, first.refreshToken!);
    assert.ok(second.accessToken);
    // The old access token still works until it expires; the new ones do too.
    for (const accessToken of [signIn.accessToken, first.accessToken, second.accessToken]) {
      await portalClient(emu).send(new ListAccountsCommand({ accessToken }));
    }
  });

  test('another client\'s refresh token, or a scope the sign-in lacks, is refused', async () => {
    const signIn = await signInWithDevice(emu);
    const other = await signInWithDevice(emu);
    await grantError(refresh(emu, other.client, signIn.refreshToken!), InvalidGrantException);
    await grantError(
      oidcClient(emu).send(new CreateTokenCommand({ ...signIn.client, grantType: 'refresh_token', refreshToken: signIn.refreshToken, scope: ['openid'] })),
      InvalidScopeException,
    );
    assert.ok((await refresh(emu, signIn.client, signIn.refreshToken!)).accessToken, 'refused attempts did not spend it');
  });

  test('refresh tokens stop at the end of the sign-in (sessionDurationMinutes, emulated)', async () => {
    const scenario = loadScenario();
    scenario.identityCenter = { ...scenario.identityCenter!, sessionDurationMinutes: 15 };
    // 15 emulated minutes are 4.5 s (and the device code's 10 minutes 3 s: room for a loaded machine).
    const fast = await startEmulator({ scenario, timeScale: 200 });
    try {
      const signIn = await signInWithDevice(fast);
      const renewed = await refresh(fast, signIn.client, signIn.refreshToken!);
      await new Promise((resolve) => setTimeout(resolve, 4600));
      await grantError(refresh(fast, signIn.client, renewed.refreshToken!), InvalidGrantException);
    } finally {
      await fast.close();
    }
  });

});
