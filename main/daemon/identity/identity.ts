// Who the daemon calls AWS as: a profile (or the default chain) and a Region, or the sandbox
// (the emulator's credentials and endpoints). Listeners hear about changes so caches can drop
// what they learned under the previous identity.
import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { gameLiftClient, type AwsIdentity, type Endpoints } from '../aws/clients';
import type { AwsCredentialIdentity } from '@smithy/types';

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

  constructor(
    initial: { profile: string | null; region?: string | null; endpoints?: Endpoints },
    readonly sandbox?: SandboxIdentity,
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

  /** In the sandbox only the Region can change: the profile stays the emulator's. */
  set(profile: string | null, region: string): void {
    this.identity = this.sandbox ? { ...this.identity, region } : { ...this.identity, profile, region };
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
    this.client ??= gameLiftClient(this.identity);
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
