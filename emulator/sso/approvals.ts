// What waits for a person: device authorizations (a user code to approve on the device page) and
// authorization-code requests (the /authorize page, then a single-use code bound to its PKCE
// challenge and redirect URI). Approving needs a user of the directory; the knobs can slow polling
// down or turn the next approval into a denial.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../core/clock';
import { OidcError } from './sso-errors';

/** StartDeviceAuthorization's expiresIn, as AWS: 10 minutes. */
export const DEVICE_CODE_LIFETIME_S = 600;
/** Authorization codes and open /authorize requests last as long (RFC 6749 recommends at most 10 minutes). */
const CODE_LIFETIME_MS = 600_000;
/** Letters only, none that read alike (AWS's user codes look like ABCD-EFGH). */
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  intervalS: number;
  lastPollAt: number | undefined;
  status: 'pending' | 'approved' | 'denied' | 'exchanged';
  userName?: string;
}

export interface AuthorizeRequest {
  clientId: string;
  clientName: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  scopes: string[];
  expiresAt: number;
}

interface AuthorizationCode {
  request: AuthorizeRequest;
  userName: string;
  expiresAt: number;
  exchanged: boolean;
  /** Called if the code is replayed: RFC 6749 §4.1.2 says revoke what it issued. */
  onReplay?: () => void;
}

const userCode = () => {
  const letters = Array.from(randomBytes(8), (b) => USER_CODE_LETTERS[b % USER_CODE_LETTERS.length]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
};

export const normalizeUserCode = (code: string) => code.toUpperCase().replace(/[^A-Z]/g, '').replace(/^(.{4})(.{4})$/, '$1-$2');

/** base64url(SHA-256(verifier)) without padding, RFC 7636's S256. */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export class Approvals {
  /** Knob: the interval StartDeviceAuthorization asks for (seconds); polls closer than it are SlowDownException. */
  deviceIntervalS = 1;
  /** Knob: the next Allow (either flow) is taken as Deny. */
  denyNextApproval = false;
  private readonly devices = new Map<string, DeviceAuthorization>();
  private readonly byUserCode = new Map<string, DeviceAuthorization>();
  private readonly requests = new Map<string, AuthorizeRequest>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly clock: EmulatorClock) {}

  startDevice(clientId: string): DeviceAuthorization {
    let code = userCode();
    while (this.byUserCode.has(code)) code = userCode();
    const device: DeviceAuthorization = {
      deviceCode: randomBytes(48).toString('base64url'),
      userCode: code,
      clientId,
      expiresAt: this.clock.now() + this.clock.real(DEVICE_CODE_LIFETIME_S * 1000),
      intervalS: this.deviceIntervalS,
      lastPollAt: undefined,
      status: 'pending',
    };
    this.devices.set(device.deviceCode, device);
    this.byUserCode.set(code, device);
    return device;
  }

  /** CreateToken's device_code grant: the approved authorization, once; otherwise the OAuth error. */
  pollDevice(deviceCode: string, clientId: string): DeviceAuthorization & { userName: string } {
    const device = this.devices.get(deviceCode);
    if (!device || device.clientId !== clientId) throw new OidcError('InvalidGrantException', 'Invalid device code provided');
    const now = this.clock.now();
    if (device.status === 'exchanged') throw new OidcError('InvalidGrantException', 'Device code has already been used');
    if (now >= device.expiresAt) throw new OidcError('ExpiredTokenException', 'Device code has expired');
    if (device.status === 'denied') throw new OidcError('AccessDeniedException', 'Authorization was denied by the user');
    const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < this.clock.real(device.intervalS * 1000);
    device.lastPollAt = now;
    if (tooSoon) throw new OidcError('SlowDownException', 'Client is polling too fast');
    if (device.status === 'pending') throw new OidcError('AuthorizationPendingException', 'Authorization is still pending');
    device.status = 'exchanged';
    return device as DeviceAuthorization & { userName: string };
  }

  /** A pending device authorization by its user code (any format: abcdefgh, ABCD-EFGH). */
  pendingDevice(code: string): DeviceAuthorization | undefined {
    const device = this.byUserCode.get(normalizeUserCode(code));
    return device && device.status === 'pending' && this.clock.now() < device.expiresAt ? device : undefined;
  }

  /** The user's decision on the device page; returns whether it was taken as approval. */
  decideDevice(device: DeviceAuthorization, userName: string, allow: boolean): boolean {
    const approved = allow && !this.takeDenial();
    device.status = approved ? 'approved' : 'denied';
    device.userName = userName;
    return approved;
  }

  /** Keeps an /authorize request for the page's decision; the id goes in the form. */
  openRequest(request: Omit<AuthorizeRequest, 'expiresAt'>): string {
    const id = randomUUID();
    this.requests.set(id, { ...request, expiresAt: this.clock.now() + this.clock.real(CODE_LIFETIME_MS) });
    return id;
  }

  request(id: string): AuthorizeRequest | undefined {
    const request = this.requests.get(id);
    return request && this.clock.now() < request.expiresAt ? request : undefined;
  }

  /** The user's decision on /authorize: where the browser goes next (redirect_uri with code or error, and state). */
  decideRequest(id: string, userName: string, allow: boolean): string {
    const request = this.requests.get(id)!;
    this.requests.delete(id);
    const target = new URL(request.redirectUri);
    if (allow && !this.takeDenial()) {
      const code = randomBytes(32).toString('base64url');
      this.codes.set(code, { request, userName, expiresAt: this.clock.now() + this.clock.real(CODE_LIFETIME_MS), exchanged: false });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied the request');
    }
    if (request.state !== null) target.searchParams.set('state', request.state);
    return target.toString();
  }

  /** CreateToken's authorization_code grant: checks client, redirect URI and PKCE; a code works once. */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined, codeVerifier: string | undefined, onReplay: () => void): { userName: string; scopes: string[] } {
    const grant = this.codes.get(code);
    if (!grant || grant.request.clientId !== clientId) throw new OidcError('InvalidGrantException', 'Invalid authorization code provided');
    if (grant.exchanged) {
      grant.onReplay?.();
      throw new OidcError('InvalidGrantException', 'Authorization code has already been used');
    }
    if (this.clock.now() >= grant.expiresAt) throw new OidcError('ExpiredTokenException', 'Authorization code has expired');
    if (redirectUri !== grant.request.redirectUri) throw new OidcError('InvalidGrantException', 'Redirect URI does not match the authorization request');
    if (codeVerifier === undefined) throw new OidcError('InvalidRequestException', 'codeVerifier is required for the authorization_code grant');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(codeVerifier) || s256(codeVerifier) !== grant.request.codeChallenge.replace(/=+$/, '')) {
      throw new OidcError('InvalidGrantException', 'Code verifier does not match the code challenge');
    }
    grant.exchanged = true;
    grant.onReplay = onReplay;
    return { userName: grant.userName, scopes: grant.request.scopes };
  }

  private takeDenial(): boolean {
    const deny = this.denyNextApproval;
    this.denyNextApproval = false;
    return deny;
  }
}
