// The tokens SSO-OIDC issues and the portal accepts: opaque bearer access tokens and single-use,
// rotating refresh tokens, each tied to a user's sign-in, which ends after the session duration.
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../core/clock';

export interface SignIn {
  userName: string;
  clientId: string;
  scopes: string[];
  /** Real-time ms when the sign-in ends: refresh tokens stop working. */
  sessionEndsAt: number;
}

interface AccessTokenRecord {
  signIn: SignIn;
  expiresAt: number;
}

interface RefreshTokenRecord {
  signIn: SignIn;
  /** Set once exchanged: a refresh token works once (rotation). */
  used: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  /** Emulated seconds, as CreateToken's expiresIn. */
  expiresIn: number;
  refreshToken?: string;
}

const token = (prefix: string) => `${prefix}${randomBytes(96).toString('base64url')}`;

export class TokenStore {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly clock: EmulatorClock,
    /** Emulated lifetime of new access tokens. */
    public accessTokenLifetimeMs: number,
  ) {}

  issue(signIn: SignIn, withRefreshToken: boolean): IssuedTokens {
    const accessToken = token('aoa');
    this.access.set(accessToken, { signIn, expiresAt: this.clock.now() + this.clock.real(this.accessTokenLifetimeMs) });
    const issued: IssuedTokens = { accessToken, expiresIn: Math.round(this.accessTokenLifetimeMs / 1000) };
    if (withRefreshToken) {
      issued.refreshToken = token('aor');
      this.refresh.set(issued.refreshToken, { signIn, used: false });
    }
    return issued;
  }

  /** The sign-in behind a live access token, or undefined (unknown, revoked or expired). */
  signInOf(accessToken: string): SignIn | undefined {
    const record = this.access.get(accessToken);
    if (!record || this.clock.now() >= record.expiresAt || this.clock.now() >= record.signIn.sessionEndsAt) return undefined;
    return record.signIn;
  }

  /** Takes a refresh token (it cannot be used again); undefined when unknown, used, revoked or past its sign-in. */
  redeemRefreshToken(refreshToken: string, clientId: string): SignIn | undefined {
    const record = this.refresh.get(refreshToken);
    if (!record || record.used || record.signIn.clientId !== clientId || this.clock.now() >= record.signIn.sessionEndsAt) return undefined;
    record.used = true;
    return record.signIn;
  }

  /** Ends one sign-in (portal Logout, a replayed authorization code): all its tokens stop working. */
  revoke(signIn: SignIn): void {
    signIn.sessionEndsAt = Math.min(signIn.sessionEndsAt, this.clock.now());
  }

  /** Knob: every access token issued so far is expired; refresh tokens still work. */
  expireAccessTokensNow(): void {
    const now = this.clock.now();
    for (const record of this.access.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  /** Knob: every sign-in ends now (access and refresh tokens). */
  endSignInsNow(): void {
    for (const record of this.access.values()) this.revoke(record.signIn);
    for (const record of this.refresh.values()) this.revoke(record.signIn);
  }
}
