// RegisterClient's registrations: who a client is, what it may ask for (scopes, grant types,
// redirect URIs) and its secret, which CreateToken and StartDeviceAuthorization check.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorClock } from '../core/clock';
import { OidcError } from './sso-errors';

export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';
export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const KNOWN_GRANTS: readonly string[] = [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, GRANT_DEVICE_CODE];
/** The scope the AWS CLI and SDKs ask for: access to the user's accounts and roles. */
export const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
/** AWS: a client's secret expires 90 days after registration. */
const SECRET_LIFETIME_MS = 90 * 24 * 3600 * 1000;

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  /** Undefined when registered without grantTypes (the device flow's registration). */
  grantTypes: string[] | undefined;
  redirectUris: string[];
  issuedAtMs: number;
  secretExpiresAtMs: number;
}

export class OidcClients {
  private readonly clients = new Map<string, OidcClient>();

  constructor(private readonly clock: EmulatorClock) {}

  register(fields: Pick<OidcClient, 'clientName' | 'scopes' | 'grantTypes' | 'redirectUris'>): OidcClient {
    const now = this.clock.now();
    const client: OidcClient = {
      ...fields,
      clientId: randomBytes(16).toString('base64url'),
      clientSecret: `eyJraWQiOiJrZXktMSIsImFsZyI6IkhTMzg0In0.${randomBytes(96).toString('base64url')}`,
      issuedAtMs: now,
      secretExpiresAtMs: now + this.clock.real(SECRET_LIFETIME_MS),
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  find(clientId: string): OidcClient | undefined {
    return this.clients.get(clientId);
  }

  /** The client whose id and secret these are; InvalidClientException otherwise (unknown, wrong secret, expired). */
  authenticate(clientId: string, clientSecret: string): OidcClient {
    const client = this.clients.get(clientId);
    const given = Buffer.from(clientSecret);
    const known = Buffer.from(client?.clientSecret ?? '');
    if (!client || given.length !== known.length || !timingSafeEqual(given, known)) throw new OidcError('InvalidClientException', 'Invalid client provided');
    if (this.clock.now() >= client.secretExpiresAtMs) throw new OidcError('InvalidClientException', 'Client secret has expired');
    return client;
  }
}

/** Whether a registration allows a grant: without grantTypes, the device flow and (with scopes) refresh. */
export function allowsGrant(client: OidcClient, grant: string): boolean {
  if (client.grantTypes) return client.grantTypes.includes(grant);
  return grant === GRANT_DEVICE_CODE || (grant === GRANT_REFRESH_TOKEN && client.scopes.length > 0);
}

/**
 * Whether a redirect URI matches a registered one: exactly, or for loopback http URIs with any port
 * (RFC 8252 §7.3; the AWS CLI registers http://127.0.0.1/oauth/callback and redirects to its port).
 */
export function redirectMatches(registered: string, given: string): boolean {
  if (registered === given) return true;
  let a: URL;
  let b: URL;
  try {
    a = new URL(registered);
    b = new URL(given);
  } catch {
    return false;
  }
  return isLoopback(a) && a.protocol === b.protocol && a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search && (a.port === '' || a.port === b.port);
}

export function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}
