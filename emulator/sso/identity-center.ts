// IAM Identity Center, emulated for sign-in: the SSO-OIDC endpoint (RegisterClient,
// StartDeviceAuthorization, CreateToken, plus the /authorize and /device pages a person uses) and
// the access portal endpoint (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout), backed by
// the scenario's directory. See docs/emulator.md, "IAM Identity Center".
import { randomUUID } from 'node:crypto';
import type { CredentialStore } from '../auth/credential-store';
import type { EmulatorClock } from '../core/clock';
import type { IdentityCenterSpec } from '../scenario/identity-center';
import { authorizePage, devicePage, errorPage, resultPage } from './approval-pages';
import { Approvals } from './approvals';
import { openAuthorizeRequest } from './authorize-request';
import { Directory } from './directory';
import { HttpServer, type HttpReply, type HttpRequest } from './http-server';
import { OidcClients } from './oidc-clients';
import { oidcOperations } from './oidc-operations';
import { portalOperations } from './portal-operations';
import { OIDC_ERROR_NAMESPACE, OidcError, PortalError } from './sso-errors';
import { TokenStore } from './tokens';

export interface SsoKnobs {
  /** Emulated lifetime of access tokens issued from now on (default: the scenario's). */
  accessTokenLifetimeMs?: number;
  /** The polling interval StartDeviceAuthorization asks for from now on (seconds, default 1). */
  deviceIntervalSeconds?: number;
  /** The next Allow on either page (or approveDevice/authorize) is taken as Deny. */
  denyNextApproval?: boolean;
  /** Every access token issued so far is expired; refresh tokens keep working. */
  expireAccessTokensNow?: boolean;
  /** Every sign-in ends now: access and refresh tokens stop working. */
  endSignInsNow?: boolean;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpReply => ({
  status,
  headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID(), ...headers },
  body: JSON.stringify(body),
});

const oidcError = (e: OidcError) => json(e.status, { error: e.error, error_description: e.message }, { 'x-amzn-ErrorType': `${e.code}:${OIDC_ERROR_NAMESPACE}` });
const portalError = (e: PortalError) => json(e.status, { message: e.message }, { 'x-amzn-ErrorType': e.code });

function parseJsonBody(request: HttpRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new OidcError('InvalidRequestException', 'Invalid request: the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OidcError('InvalidRequestException', 'Invalid request: the body must be a JSON object');
  return value as Record<string, unknown>;
}

const form = (request: HttpRequest) => new URLSearchParams(request.body.toString('utf8'));
const bearer = (request: HttpRequest) => {
  const value = request.headers['x-amz-sso_bearer_token'];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export class IdentityCenter {
  readonly directory: Directory;
  private readonly clients: OidcClients;
  private readonly approvals: Approvals;
  private readonly tokens: TokenStore;
  private readonly oidc: HttpServer;
  private readonly portal: HttpServer;

  constructor(spec: IdentityCenterSpec, clock: EmulatorClock, credentials: CredentialStore, onUnexpected: (error: unknown) => void) {
    this.directory = new Directory(spec);
    this.clients = new OidcClients(clock);
    this.approvals = new Approvals(clock);
    this.tokens = new TokenStore(clock, spec.accessTokenLifetimeMinutes * 60_000);
    const ops = oidcOperations({
      clock,
      directory: this.directory,
      clients: this.clients,
      approvals: this.approvals,
      tokens: this.tokens,
      baseUrl: () => this.oidc.url,
      sessionDurationMs: () => spec.sessionDurationMinutes * 60_000,
    });
    const api = (op: (input: Record<string, unknown>) => unknown) => (request: HttpRequest) => json(200, op(parseJsonBody(request)));
    this.oidc = new HttpServer(
      {
        'POST /client/register': api(ops.RegisterClient),
        'POST /device_authorization': api(ops.StartDeviceAuthorization),
        'POST /token': api(ops.CreateToken),
        'GET /authorize': (request) => this.authorizeGet(request.query),
        'POST /authorize': (request) => this.authorizePost(form(request)),
        'GET /device': (request) => devicePage({ userCode: request.query.get('user_code') ?? '', startUrl: spec.startUrl }),
        'POST /device': (request) => this.devicePost(form(request)),
      },
      (request, error) => {
        if (error instanceof OidcError) return oidcError(error);
        if (error !== undefined) {
          onUnexpected(error);
          return oidcError(new OidcError('InternalServerException', 'An internal error occurred'));
        }
        return json(404, { message: `No route for ${request.method} ${request.path}` }, { 'x-amzn-ErrorType': 'UnknownOperationException' });
      },
    );

    const portal = portalOperations({ directory: this.directory, tokens: this.tokens, credentials });
    this.portal = new HttpServer(
      {
        'GET /assignment/accounts': (request) => json(200, portal.ListAccounts(request.query, bearer(request))),
        'GET /assignment/roles': (request) => json(200, portal.ListAccountRoles(request.query, bearer(request))),
        'GET /federation/credentials': (request) => json(200, portal.GetRoleCredentials(request.query, bearer(request))),
        'POST /logout': (request) => {
          portal.Logout(bearer(request));
          return json(200, {});
        },
      },
      (request, error) => {
        if (error instanceof PortalError) return portalError(error);
        if (error !== undefined) {
          onUnexpected(error);
          return json(500, { message: 'An internal error occurred' }, { 'x-amzn-ErrorType': 'InternalServerException' });
        }
        return json(404, { message: `No route for ${request.method} ${request.path}` }, { 'x-amzn-ErrorType': 'UnknownOperationException' });
      },
    );
  }

  /** Starts both endpoints: the OIDC one (API and pages) and the portal. */
  async listen(): Promise<{ oidcEndpoint: string; portalEndpoint: string }> {
    const [oidcEndpoint, portalEndpoint] = await Promise.all([this.oidc.listen(), this.portal.listen()]);
    return { oidcEndpoint: oidcEndpoint!, portalEndpoint: portalEndpoint! };
  }

  close(): Promise<void> {
    return Promise.all([this.oidc.close(), this.portal.close()]).then(() => undefined);
  }

  setKnobs(knobs: SsoKnobs): void {
    if (knobs.accessTokenLifetimeMs !== undefined) this.tokens.accessTokenLifetimeMs = knobs.accessTokenLifetimeMs;
    if (knobs.deviceIntervalSeconds !== undefined) this.approvals.deviceIntervalS = knobs.deviceIntervalSeconds;
    if (knobs.denyNextApproval !== undefined) this.approvals.denyNextApproval = knobs.denyNextApproval;
    if (knobs.expireAccessTokensNow) this.tokens.expireAccessTokensNow();
    if (knobs.endSignInsNow) this.tokens.endSignInsNow();
  }

  /** What the device page does, for tests without a browser: approve (or deny) a user code as a user. */
  approveDevice(userCode: string, userName: string, allow = true): boolean {
    const device = this.approvals.pendingDevice(userCode);
    if (!device) throw new Error(`No pending device authorization with code ${userCode}`);
    const user = this.directory.user(userName);
    if (!user) throw new Error(`No user ${userName} in the identity center`);
    return this.approvals.decideDevice(device, user.userName, allow);
  }

  /** What the /authorize page does, for tests without a browser: the URL the browser is sent back to. */
  authorize(authorizeUrl: string, userName: string, allow = true): string {
    const outcome = openAuthorizeRequest(new URL(authorizeUrl).searchParams, this.clients, this.approvals);
    if (outcome.kind === 'error') throw new Error(outcome.message);
    if (outcome.kind === 'redirect') return outcome.location;
    const user = this.directory.user(userName);
    if (!user) throw new Error(`No user ${userName} in the identity center`);
    return this.approvals.decideRequest(outcome.requestId, user.userName, allow);
  }

  private authorizeGet(query: URLSearchParams): HttpReply {
    const outcome = openAuthorizeRequest(query, this.clients, this.approvals);
    if (outcome.kind === 'error') return errorPage(400, outcome.message);
    if (outcome.kind === 'redirect') return { status: 302, headers: { Location: outcome.location } };
    return authorizePage({ ...outcome, startUrl: this.directory.spec.startUrl });
  }

  private authorizePost(fields: URLSearchParams): HttpReply {
    const requestId = fields.get('request') ?? '';
    const request = this.approvals.request(requestId);
    if (!request) return errorPage(400, 'This sign-in request has expired or was already answered. Start again from your application.');
    const allow = fields.get('decision') === 'allow';
    const userName = fields.get('userName') ?? '';
    const user = this.directory.user(userName);
    if (allow && !user) {
      return authorizePage({
        requestId,
        clientName: request.clientName,
        scopes: request.scopes,
        startUrl: this.directory.spec.startUrl,
        redirectOrigin: new URL(request.redirectUri).origin,
        userName,
        error: `No user named "${userName}" can sign in here.`,
      });
    }
    // 303: the browser follows with a GET to the application's redirect URI.
    return { status: 303, headers: { Location: this.approvals.decideRequest(requestId, user?.userName ?? userName, allow) } };
  }

  private devicePost(fields: URLSearchParams): HttpReply {
    const userCode = fields.get('userCode') ?? '';
    const userName = fields.get('userName') ?? '';
    const startUrl = this.directory.spec.startUrl;
    const device = this.approvals.pendingDevice(userCode);
    if (!device) return devicePage({ userCode, userName, startUrl, error: 'That code is not valid, has expired or was already used. Check the code your application shows.' });
    const allow = fields.get('decision') === 'allow';
    const user = this.directory.user(userName);
    if (allow && !user) return devicePage({ userCode, userName, startUrl, error: `No user named "${userName}" can sign in here.` });
    return resultPage(this.approvals.decideDevice(device, user?.userName ?? userName, allow));
  }
}
