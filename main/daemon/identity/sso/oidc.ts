// The IAM Identity Center OIDC calls of a sign-in, through the SDK's SSO-OIDC client, shaped as
// botocore's SSOTokenFetcher (device code) and SSOTokenFetcherAuth (authorization code with PKCE)
// make them, so registrations and tokens are interchangeable with the AWS CLI's.
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { DaemonError } from '../../errors';
import type { SsoSource } from './sso-config';
import { forgetRegistration, readRegistration, registrationCacheKey, writeRegistration, type CachedRegistration, type CachedToken } from './token-cache';

const AUTH_GRANT_TYPES = ['authorization_code', 'refresh_token'];
const DEFAULT_SCOPE = 'sso:account:access';
/** botocore's _EXPIRY_WINDOW: a registration this close to its end is replaced. */
const REGISTRATION_EXPIRY_WINDOW_MS = 15 * 60_000;
/** RFC 8628: the default polling interval, and what slow_down adds to it. */
export const DEFAULT_INTERVAL_S = 5;
export const SLOW_DOWN_S = 5;

export function oidcClient(region: string, endpoint?: string): SSOOIDCClient {
  return new SSOOIDCClient({ region, ...(endpoint ? { endpoint } : {}) });
}

/** The base the un-modelled /authorize lives under: the client's own resolved endpoint. */
export async function oidcBaseUrl(client: SSOOIDCClient, region: string, endpoint?: string): Promise<string> {
  if (endpoint) return endpoint.replace(/\/+$/, '');
  const resolved = await client.config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false });
  return resolved.url.href.replace(/\/+$/, '');
}

const clientName = (source: SsoSource): string => `botocore-client-${source.ssoSession ?? Math.floor(Date.now() / 1000)}`;
const isAuthCode = (r: CachedRegistration): boolean => Boolean(r.grantTypes?.includes('authorization_code'));

/** A registration of the kind the flow needs, from botocore's cache when one is still good, else a new one cached there. */
const registrationKey = (source: SsoSource): string => registrationCacheKey({ startUrl: source.startUrl, region: source.ssoRegion, scopes: source.scopes, sessionName: source.ssoSession });

/** IAM Identity Center refused the client itself: its cached registration is dropped, and the sign-in says to start again. */
export async function forgetRefusedClient(err: unknown, source: SsoSource, cacheDir?: string): Promise<void> {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'InvalidClientException' || name === 'UnauthorizedClientException') await forgetRegistration(registrationKey(source), cacheDir).catch(() => undefined);
}

export async function registration(client: SSOOIDCClient, source: SsoSource, flow: 'device-code' | 'authorization-code', cacheDir?: string): Promise<CachedRegistration> {
  const key = registrationKey(source);
  const cached = await readRegistration(key, cacheDir);
  if (cached && cached.expiresAt - Date.now() > REGISTRATION_EXPIRY_WINDOW_MS && isAuthCode(cached) === (flow === 'authorization-code')) return cached;
  const scopes = flow === 'authorization-code' ? (source.scopes?.length ? source.scopes : [DEFAULT_SCOPE]) : source.scopes;
  const out = await client.send(
    new RegisterClientCommand({
      clientName: clientName(source),
      clientType: 'public',
      ...(scopes?.length ? { scopes } : {}),
      ...(flow === 'authorization-code' ? { grantTypes: AUTH_GRANT_TYPES, redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: source.startUrl } : {}),
    }),
  );
  if (!out.clientId || !out.clientSecret || !out.clientSecretExpiresAt) throw new DaemonError('Unreachable', 'IAM Identity Center answered RegisterClient without a client.');
  const fresh: CachedRegistration = {
    clientId: out.clientId,
    clientSecret: out.clientSecret,
    expiresAt: out.clientSecretExpiresAt * 1000,
    ...(scopes?.length ? { scopes } : {}),
    ...(flow === 'authorization-code' ? { grantTypes: AUTH_GRANT_TYPES } : {}),
  };
  await writeRegistration(key, fresh, cacheDir);
  return fresh;
}

/** botocore's _get_authorization_uri: response_type, client_id, redirect_uri, state, S256 and the space-separated scopes. */
export function authorizeUrl(base: string, p: { clientId: string; redirectUri: string; state: string; challenge: string; scopes: string[] | null }): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
    code_challenge_method: 'S256',
    scopes: p.scopes?.length ? p.scopes.join(' ') : DEFAULT_SCOPE,
  });
  return `${base}/authorize?${query.toString().replace(/\+/g, '%20')}&code_challenge=${p.challenge}`;
}

export async function startDeviceAuthorization(client: SSOOIDCClient, source: SsoSource, reg: CachedRegistration) {
  const out = await client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: source.startUrl }));
  if (!out.deviceCode || !out.userCode || !out.verificationUri || !out.expiresIn) throw new DaemonError('Unreachable', 'IAM Identity Center answered StartDeviceAuthorization without a device code.');
  return {
    deviceCode: out.deviceCode,
    userCode: out.userCode,
    verificationUri: out.verificationUri,
    verificationUriComplete: out.verificationUriComplete ?? out.verificationUri,
    expiresAt: Date.now() + out.expiresIn * 1000,
    intervalS: out.interval ?? DEFAULT_INTERVAL_S,
  };
}

/** The cache record botocore writes after CreateToken: the token with its registration alongside. */
export function tokenRecord(source: SsoSource, reg: { clientId: string; clientSecret: string; expiresAt: number }, out: CreateTokenCommandOutput, previousRefresh?: string): CachedToken {
  if (!out.accessToken || !out.expiresIn) throw new DaemonError('Unreachable', 'IAM Identity Center answered CreateToken without a token.');
  const refreshToken = out.refreshToken ?? previousRefresh;
  return {
    startUrl: source.startUrl,
    region: source.ssoRegion,
    accessToken: out.accessToken,
    expiresAt: Date.now() + out.expiresIn * 1000,
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    registrationExpiresAt: reg.expiresAt,
    ...(refreshToken ? { refreshToken } : {}),
  };
}

export type DevicePoll = { token: CreateTokenCommandOutput } | { pending: true } | { slowDown: true };

/** One CreateToken attempt of the device flow: pending and slow_down are answers, not failures. */
export async function pollDeviceToken(client: SSOOIDCClient, reg: CachedRegistration, deviceCode: string): Promise<DevicePoll> {
  try {
    return { token: await client.send(new CreateTokenCommand({ grantType: 'urn:ietf:params:oauth:grant-type:device_code', clientId: reg.clientId, clientSecret: reg.clientSecret, deviceCode })) };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'AuthorizationPendingException') return { pending: true };
    if (name === 'SlowDownException') return { slowDown: true };
    throw flowError(err);
  }
}

export async function exchangeCode(
  client: SSOOIDCClient,
  source: SsoSource,
  reg: CachedRegistration,
  p: { code: string; redirectUri: string; verifier: string },
  cacheDir?: string,
): Promise<CreateTokenCommandOutput> {
  try {
    return await client.send(
      new CreateTokenCommand({ grantType: 'authorization_code', clientId: reg.clientId, clientSecret: reg.clientSecret, redirectUri: p.redirectUri, codeVerifier: p.verifier, code: p.code }),
    );
  } catch (err) {
    await forgetRefusedClient(err, source, cacheDir);
    throw flowError(err);
  }
}

/** A new access token from the cached refresh token (the SDK's fromSso does the same). */
export async function refreshToken(client: SSOOIDCClient, token: CachedToken): Promise<CreateTokenCommandOutput> {
  if (!token.clientId || !token.clientSecret || !token.refreshToken) throw new DaemonError('NoCredentials', 'The cached sign-in has no refresh token.');
  return client.send(new CreateTokenCommand({ grantType: 'refresh_token', clientId: token.clientId, clientSecret: token.clientSecret, refreshToken: token.refreshToken }));
}

/** The OIDC errors a user meets, in words; anything else is the network's or AWS's. */
export function flowError(err: unknown): DaemonError {
  if (err instanceof DaemonError) return err;
  const name = String((err as { name?: string }).name ?? '');
  if (name === 'ExpiredTokenException') return new DaemonError('NoCredentials', 'The sign-in expired before it was approved.', 'Start the sign-in again and approve it in the browser within the time shown.');
  if (name === 'AccessDeniedException') return new DaemonError('AccessDenied', 'The sign-in was denied in the browser.', 'Start the sign-in again and choose Allow.');
  if (name === 'InvalidGrantException') return new DaemonError('NoCredentials', 'IAM Identity Center refused the authorization (invalid or already used).', 'Start the sign-in again.');
  if (name === 'InvalidClientException' || name === 'UnauthorizedClientException') return new DaemonError('NoCredentials', 'IAM Identity Center no longer accepts this app\'s client registration.', 'Start the sign-in again: the app registers anew.');
  const code = String((err as { code?: string }).code ?? '');
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(code) || name === 'TimeoutError') {
    return new DaemonError('Unreachable', 'Could not reach IAM Identity Center.', 'Check your network connection, proxy or VPN.');
  }
  const message = String((err as { message?: string }).message ?? name).slice(0, 200);
  return new DaemonError('Unreachable', `IAM Identity Center refused the sign-in: ${name || 'error'}${message ? ` (${message})` : ''}.`);
}
