// SSO-OIDC's operations (RegisterClient, StartDeviceAuthorization, CreateToken), from botocore's
// sso-oidc model: REST-JSON bodies in and out, OAuth errors (sso-errors.ts) for everything refused.
import type { EmulatorClock } from '../core/clock';
import type { Approvals } from './approvals';
import { DEVICE_CODE_LIFETIME_S } from './approvals';
import type { Directory } from './directory';
import {
  ACCOUNT_ACCESS_SCOPE,
  allowsGrant,
  GRANT_AUTHORIZATION_CODE,
  GRANT_DEVICE_CODE,
  GRANT_REFRESH_TOKEN,
  isLoopback,
  KNOWN_GRANTS,
  type OidcClient,
  type OidcClients,
} from './oidc-clients';
import { OidcError } from './sso-errors';
import type { SignIn, TokenStore } from './tokens';

type Input = Record<string, unknown>;

export interface OidcContext {
  clock: EmulatorClock;
  directory: Directory;
  clients: OidcClients;
  approvals: Approvals;
  tokens: TokenStore;
  /** The OIDC endpoint's base URL (the device page lives there). */
  baseUrl: () => string;
  /** Emulated length of a sign-in (refresh tokens work until it ends). */
  sessionDurationMs: () => number;
}

const invalid = (message: string) => new OidcError('InvalidRequestException', message);

function string(input: Input, name: string, required: true): string;
function string(input: Input, name: string, required?: false): string | undefined;
function string(input: Input, name: string, required = false): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required) throw invalid(`Invalid request: ${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`Invalid request: ${name} must be a string`);
  if (required && value === '') throw invalid(`Invalid request: ${name} must not be empty`);
  return value;
}

function strings(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(`Invalid request: ${name} must be a list of strings`);
  return value as string[];
}

/** The emulated instance knows one scope; anything else is InvalidScopeException. */
function checkScopes(scopes: string[]): void {
  const unknown = scopes.filter((s) => s !== ACCOUNT_ACCESS_SCOPE);
  if (unknown.length > 0) throw new OidcError('InvalidScopeException', `Invalid scope: ${unknown.join(' ')}`);
}

export function oidcOperations(ctx: OidcContext) {
  const startSignIn = (userName: string, client: OidcClient, scopes: string[]): SignIn => ({
    userName,
    clientId: client.clientId,
    scopes,
    sessionEndsAt: ctx.clock.now() + ctx.clock.real(ctx.sessionDurationMs()),
  });
  const tokenResponse = (signIn: SignIn, client: OidcClient) => {
    const issued = ctx.tokens.issue(signIn, allowsGrant(client, GRANT_REFRESH_TOKEN) && signIn.scopes.length > 0);
    return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresIn, ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}) };
  };

  return {
    RegisterClient(input: Input) {
      const clientName = string(input, 'clientName', true);
      const clientType = string(input, 'clientType', true);
      if (clientType !== 'public') throw new OidcError('InvalidClientMetadataException', `Invalid client type: ${clientType}`);
      const scopes = strings(input, 'scopes') ?? [];
      checkScopes(scopes);
      const grantTypes = strings(input, 'grantTypes');
      const unsupported = grantTypes?.filter((g) => !KNOWN_GRANTS.includes(g)) ?? [];
      if (unsupported.length > 0) throw new OidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${unsupported.join(', ')}`);
      const redirectUris = strings(input, 'redirectUris') ?? [];
      for (const uri of redirectUris) {
        let url: URL;
        try {
          url = new URL(uri);
        } catch {
          throw new OidcError('InvalidRedirectUriException', `Invalid redirect URI: ${uri}`);
        }
        if (url.protocol !== 'https:' && !isLoopback(url)) throw new OidcError('InvalidRedirectUriException', `Invalid redirect URI: ${uri} (https, or http on a loopback address)`);
        if (url.hash) throw new OidcError('InvalidRedirectUriException', `Invalid redirect URI: ${uri} (no fragment allowed)`);
      }
      const issuerUrl = string(input, 'issuerUrl');
      if (grantTypes?.includes(GRANT_AUTHORIZATION_CODE)) {
        if (redirectUris.length === 0) throw new OidcError('InvalidRedirectUriException', 'redirectUris are required for the authorization_code grant');
        if (issuerUrl === undefined) throw invalid('Invalid request: issuerUrl is required for the authorization_code grant');
      }
      if (issuerUrl !== undefined && issuerUrl.replace(/\/$/, '') !== ctx.directory.spec.startUrl.replace(/\/$/, '')) {
        throw invalid(`Invalid request: unknown issuerUrl ${issuerUrl}`);
      }
      const client = ctx.clients.register({ clientName, scopes, grantTypes, redirectUris });
      return {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        clientIdIssuedAt: Math.floor(client.issuedAtMs / 1000),
        clientSecretExpiresAt: Math.floor(client.secretExpiresAtMs / 1000),
      };
    },

    StartDeviceAuthorization(input: Input) {
      const client = ctx.clients.authenticate(string(input, 'clientId', true), string(input, 'clientSecret', true));
      const startUrl = string(input, 'startUrl', true);
      if (startUrl.replace(/\/$/, '') !== ctx.directory.spec.startUrl.replace(/\/$/, '')) throw invalid(`Invalid request: unknown startUrl ${startUrl}`);
      if (!allowsGrant(client, GRANT_DEVICE_CODE)) throw new OidcError('UnauthorizedClientException', 'Client is not registered for the device_code grant');
      const device = ctx.approvals.startDevice(client.clientId);
      const verificationUri = `${ctx.baseUrl()}/device`;
      return {
        deviceCode: device.deviceCode,
        userCode: device.userCode,
        verificationUri,
        verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
        expiresIn: DEVICE_CODE_LIFETIME_S,
        interval: device.intervalS,
      };
    },

    CreateToken(input: Input) {
      const clientId = string(input, 'clientId', true);
      const clientSecret = string(input, 'clientSecret', true);
      const grantType = string(input, 'grantType', true);
      const client = ctx.clients.authenticate(clientId, clientSecret);
      if (!KNOWN_GRANTS.includes(grantType)) throw new OidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
      if (!allowsGrant(client, grantType)) throw new OidcError('UnauthorizedClientException', `Client is not authorized for the ${grantType} grant`);
      const scope = strings(input, 'scope');
      if (scope) {
        checkScopes(scope);
        const extra = scope.filter((s) => !client.scopes.includes(s));
        if (extra.length > 0) throw new OidcError('InvalidScopeException', `Scope not registered for this client: ${extra.join(' ')}`);
      }

      if (grantType === GRANT_DEVICE_CODE) {
        const device = ctx.approvals.pollDevice(string(input, 'deviceCode', true), client.clientId);
        return tokenResponse(startSignIn(device.userName, client, scope ?? client.scopes), client);
      }
      if (grantType === GRANT_AUTHORIZATION_CODE) {
        // A replayed code ends the sign-in it started (RFC 6749 §4.1.2).
        const started: { signIn?: SignIn } = {};
        const granted = ctx.approvals.redeemCode(string(input, 'code', true), client.clientId, string(input, 'redirectUri'), string(input, 'codeVerifier'), () => {
          if (started.signIn) ctx.tokens.revoke(started.signIn);
        });
        started.signIn = startSignIn(granted.userName, client, scope ?? granted.scopes);
        return tokenResponse(started.signIn, client);
      }
      // The refresh_token grant: a new access token and a new refresh token; the old one is spent.
      const previous = ctx.tokens.redeemRefreshToken(string(input, 'refreshToken', true), client.clientId);
      if (!previous) throw new OidcError('InvalidGrantException', 'Invalid refresh token provided');
      const extra = (scope ?? []).filter((s) => !previous.scopes.includes(s));
      if (extra.length > 0) throw new OidcError('InvalidScopeException', `Scope not granted to this sign-in: ${extra.join(' ')}`);
      return tokenResponse(scope ? { ...previous, scopes: scope } : previous, client);
    },
  };
}
