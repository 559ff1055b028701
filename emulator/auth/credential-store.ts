// Who may call the emulator: the account's own long-term key (what a developer's profile holds),
// the short-lived session credentials that GetComputeAccess issues, each bound to one compute, and
// the role credentials IAM Identity Center's GetRoleCredentials issues (a permission set's role).
// GetComputeAccess returns no expiry; here those credentials die after a configurable lifetime.
import { randomBytes } from 'node:crypto';
import { AwsError } from '../core/aws-error';
import type { EmulatorClock } from '../core/clock';

/** What a GetComputeAccess credential is good for. */
export interface ComputeGrant {
  fleetId: string;
  computeName: string;
  /** The instance an SSM session must target (the compute itself, or a container's host). */
  target: string;
  /** The compute's location, and the Region its SSM endpoint lives in. */
  location: string;
  region: string;
}

export type Caller =
  | { kind: 'account'; accountId: string; arn: string; accessKeyId: string }
  | {
      kind: 'compute';
      accountId: string;
      arn: string;
      roleSessionName: string;
      accessKeyId: string;
      grant: ComputeGrant;
      expiresAt: number;
    }
  | {
      kind: 'role';
      accountId: string;
      arn: string;
      roleSessionName: string;
      accessKeyId: string;
      /** IAM actions the role's policy allows, with `*` wildcards (e.g. 'gamelift:Describe*'). */
      allowedActions: readonly string[];
      expiresAt: number;
    };

/** What a role credential (from Identity Center) stands for. */
export interface RoleGrant {
  accountId: string;
  roleName: string;
  roleSessionName: string;
  allowedActions: readonly string[];
}

export interface AwsCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

interface Issued {
  secretAccessKey: string;
  sessionToken: string;
  caller: Extract<Caller, { kind: 'compute' | 'role' }>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const keyId = (prefix: 'AKIA' | 'ASIA') =>
  prefix + Array.from(randomBytes(16), (b) => ALNUM[b % ALNUM.length]).join('');
const secret = () => randomBytes(30).toString('base64');

const invalidToken = () => new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

/** The role GameLift's managed account hands out for remote access (name is illustrative). */
const COMPUTE_ROLE = 'GameLiftRemoteAccessRole';

export class CredentialStore {
  readonly account: { accessKeyId: string; secretAccessKey: string; arn: string };
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly clock: EmulatorClock,
    readonly accountId: string,
    /** The GameLift-managed account that owns fleet instances (and so their SSM sessions). */
    readonly managedAccountId: string,
    /** Emulated lifetime of issued credentials. */
    public lifetimeMs: number,
    account?: { accessKeyId: string; secretAccessKey: string },
  ) {
    this.account = {
      accessKeyId: account?.accessKeyId ?? keyId('AKIA'),
      secretAccessKey: account?.secretAccessKey ?? secret(),
      arn: `arn:aws:iam::${accountId}:user/gamelift-connect-developer`,
    };
  }

  /** Fresh credentials scoped to one compute, as GetComputeAccess returns them. */
  issue(grant: ComputeGrant): AwsCredentials {
    const accessKeyId = keyId('ASIA');
    const sessionToken = randomBytes(256).toString('base64');
    const secretAccessKey = secret();
    const roleSessionName = `${grant.computeName.replace(/[^\w+=,.@-]/g, '-')}-${randomBytes(4).toString('hex')}`;
    this.issued.set(accessKeyId, {
      secretAccessKey,
      sessionToken,
      caller: {
        kind: 'compute',
        accountId: this.managedAccountId,
        arn: `arn:aws:sts::${this.managedAccountId}:assumed-role/${COMPUTE_ROLE}/${roleSessionName}`,
        roleSessionName,
        accessKeyId,
        grant,
        expiresAt: this.clock.now() + this.clock.real(this.lifetimeMs),
      },
    });
    return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken };
  }

  /** Role credentials for an Identity Center permission set, valid for `lifetimeMs` (emulated). */
  issueRole(grant: RoleGrant, lifetimeMs: number): AwsCredentials & { expiresAt: number } {
    const accessKeyId = keyId('ASIA');
    const sessionToken = randomBytes(256).toString('base64');
    const secretAccessKey = secret();
    const expiresAt = this.clock.now() + this.clock.real(lifetimeMs);
    this.issued.set(accessKeyId, {
      secretAccessKey,
      sessionToken,
      caller: {
        kind: 'role',
        accountId: grant.accountId,
        arn: `arn:aws:sts::${grant.accountId}:assumed-role/${grant.roleName}/${grant.roleSessionName}`,
        roleSessionName: grant.roleSessionName,
        accessKeyId,
        allowedActions: grant.allowedActions,
        expiresAt,
      },
    });
    return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, expiresAt };
  }

  /** Finds the secret to verify a signature with; refuses unknown, mismatched and expired tokens. */
  resolve(accessKeyId: string, sessionToken: string | undefined): { secretAccessKey: string; caller: Caller } {
    if (accessKeyId === this.account.accessKeyId) {
      if (sessionToken !== undefined) throw invalidToken();
      return {
        secretAccessKey: this.account.secretAccessKey,
        caller: { kind: 'account', accountId: this.accountId, arn: this.account.arn, accessKeyId },
      };
    }
    const issued = this.issued.get(accessKeyId);
    if (!issued || issued.sessionToken !== sessionToken) throw invalidToken();
    if (this.clock.now() >= issued.caller.expiresAt) {
      throw new AwsError('ExpiredTokenException', 'The security token included in the request is expired');
    }
    return { secretAccessKey: issued.secretAccessKey, caller: issued.caller };
  }

  /** Fault knob: every credential issued so far is expired from now on. */
  expireIssuedNow(): void {
    const now = this.clock.now();
    for (const { caller } of this.issued.values()) caller.expiresAt = Math.min(caller.expiresAt, now);
  }
}
