// Test support for the emulated IAM Identity Center: real SDK clients (@aws-sdk/client-sso-oidc,
// @aws-sdk/client-sso) on the emulator's endpoints, and the steps of each sign-in flow.
import { createHash, randomBytes } from 'node:crypto';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand, type CreateTokenCommandOutput } from '@aws-sdk/client-sso-oidc';
import { SSOClient } from '@aws-sdk/client-sso';
import type { Emulator } from '../../../emulator/index';

type SsoEmulator = Pick<Emulator, 'ssoOidcEndpoint' | 'ssoEndpoint' | 'identityCenter'>;

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const SCOPE = 'sso:account:access';

/** One attempt per call, so a test sees the emulator's first answer. */
export const oidcClient = (emu: SsoEmulator) => new SSOOIDCClient({ region: emu.identityCenter.directory.spec.region, endpoint: emu.ssoOidcEndpoint, maxAttempts: 1 });
export const portalClient = (emu: SsoEmulator) => new SSOClient({ region: emu.identityCenter.directory.spec.region, endpoint: emu.ssoEndpoint, maxAttempts: 1 });

export const startUrl = (emu: SsoEmulator) => emu.identityCenter.directory.spec.startUrl;

export interface Registration {
  clientId: string;
  clientSecret: string;
}

/** The device flow's registration, as botocore's SSOTokenFetcher makes it (scopes, no grant types; null: no scopes, a legacy profile). */
export async function registerDeviceClient(emu: SsoEmulator, scopes: string[] | null = [SCOPE]): Promise<Registration> {
  const out = await oidcClient(emu).send(new RegisterClientCommand({ clientName: 'gamelift-connect-test', clientType: 'public', ...(scopes ? { scopes } : {}) }));
  return { clientId: out.clientId!, clientSecret: out.clientSecret! };
}

/** The authorization-code flow's registration, as botocore's SSOTokenFetcherAuth makes it. */
export async function registerPkceClient(emu: SsoEmulator): Promise<Registration> {
  const out = await oidcClient(emu).send(
    new RegisterClientCommand({
      clientName: 'gamelift-connect-test',
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: startUrl(emu),
      scopes: [SCOPE],
    }),
  );
  return { clientId: out.clientId!, clientSecret: out.clientSecret! };
}

export async function startDevice(emu: SsoEmulator, client: Registration) {
  return oidcClient(emu).send(new StartDeviceAuthorizationCommand({ ...client, startUrl: startUrl(emu) }));
}

export function pollDevice(emu: SsoEmulator, client: Registration, deviceCode: string): Promise<CreateTokenCommandOutput> {
  return oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode }));
}

export interface Pkce {
  verifier: string;
  challenge: string;
  state: string;
}

/** A PKCE pair and state, as botocore makes them (64 unreserved characters; S256). */
export function pkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url').slice(0, 64);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), state: randomBytes(16).toString('hex') };
}

/** The /authorize URL exactly as botocore's SSOTokenFetcherAuth builds it (scopes, then the challenge appended). */
export function authorizeUrl(emu: SsoEmulator, clientId: string, redirectUri: string, p: Pkce, scopes = SCOPE): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state: p.state, code_challenge_method: 'S256', scopes });
  return `${emu.ssoOidcEndpoint}/authorize?${query.toString()}&code_challenge=${p.challenge}`;
}

export function exchangeCode(emu: SsoEmulator, client: Registration, code: string, redirectUri: string, verifier: string): Promise<CreateTokenCommandOutput> {
  return oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier }));
}

export function refresh(emu: SsoEmulator, client: Registration, refreshToken: string): Promise<CreateTokenCommandOutput> {
  return oidcClient(emu).send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken }));
}

/** A device-flow sign-in approved by `userName`, returning the tokens. */
export async function signInWithDevice(emu: SsoEmulator, userName = 'developer'): Promise<CreateTokenCommandOutput & { client: Registration }> {
  const client = await registerDeviceClient(emu);
  const device = await startDevice(emu, client);
  emu.identityCenter.approveDevice(device.userCode!, userName);
  return { ...(await pollDevice(emu, client, device.deviceCode!)), client };
}
