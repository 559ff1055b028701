// Who the daemon calls AWS as: a profile (or the default chain) and a Region, or the sandbox
// (the emulator's credentials and endpoints). Listeners hear about changes so caches can drop
// what they learned under the previous identity.
import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { gameLiftClient, type AwsIdentity, type Endpoints } from '../aws/clients';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { SsoRole, Who } from './sso/user-credentials';

export interface SandboxIdentity {
  region: string;
  endpoints: Endpoints;
  credentials: AwsCredentialIdentity;
}

export const DEFAULT_REGION = 'us-west-2';

/** The identity a session started under: its renewals and clean-ups keep using it after a switch. */
export interface IdentitySnapshot {
  client: GameLiftClient;
  region: string;
  profile: string | null;
  endpoints: Endpoints;
}

export class Identity {
  private identity: AwsIdentity;
  private client: GameLiftClient | undefined;
  /** Clients of earlier identities that live sessions may still use; destroyed at close(). */
  private readonly retired: GameLiftClient[] = [];
  private readonly listeners = new Set<() => void>();
  /** An sso-session's account and role in use instead of a profile (useSsoRole). */
  private role: SsoRole | null = null;

  constructor(
    initial: { profile: string | null; region?: string | null; endpoints?: Endpoints },
    readonly sandbox?: SandboxIdentity,
    /** The user's credentials for a profile or an SSO role (sso/user-credentials.ts); default: the SDK's. */
    private readonly credentialsFor?: (who: Who) => AwsCredentialIdentityProvider,
  ) {
    const region = sandbox?.region ?? initial.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
    this.identity = sandbox
      ? { profile: null, region, endpoints: sandbox.endpoints, credentials: sandbox.credentials }
      : { profile: initial.profile, region, endpoints: initial.endpoints ?? {} };
  }

  get profile(): string | null {
    return this.identity.profile;
  }

  get region(): string {
    return this.identity.region;
  }

  get ssoRole(): SsoRole | null {
    return this.role;
  }

  get endpoints(): Endpoints {
    return this.identity.endpoints;
  }

  /** In the sandbox only the Region can change: the profile stays the emulator's (and an SSO role is left for its account). */
  set(profile: string | null, region: string): void {
    this.identity = this.sandbox ? { ...this.identity, region } : { ...this.identity, profile, region };
    this.role = null;
    this.changed();
  }

  /** An sso-session's account and role become the identity (no profile). */
  useSsoRole(role: SsoRole, region: string): void {
    this.identity = { ...this.identity, profile: null, region };
    this.role = role;
    this.changed();
  }

  private changed(): void {
    if (this.client) this.retired.push(this.client);
    this.client = undefined;
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The GameLift client for the current identity (fleets' home Region). */
  gamelift(): GameLiftClient {
    if (!this.client) {
      // The sandbox calls as the emulator's account unless an SSO role of its sign-in was picked.
      const who = this.role ? { ssoRole: this.role } : this.sandbox ? undefined : { profile: this.identity.profile };
      const credentials = who && this.credentialsFor ? this.credentialsFor(who) : undefined;
      this.client = gameLiftClient(credentials ? { ...this.identity, credentials } : this.identity);
    }
    return this.client;
  }

  snapshot(): IdentitySnapshot {
    return { client: this.gamelift(), region: this.region, profile: this.profile, endpoints: this.identity.endpoints };
  }

  close(): void {
    for (const client of [...this.retired.splice(0), ...(this.client ? [this.client] : [])]) client.destroy();
    this.client = undefined;
  }
}
