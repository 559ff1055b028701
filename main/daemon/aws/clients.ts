// One place that builds AWS SDK clients, so every caller honours the same identity, Region and
// endpoint overrides (the emulator, a VPC endpoint, a bastion's proxy).
import { GameLiftClient } from '@aws-sdk/client-gamelift';
import { SSMClient } from '@aws-sdk/client-ssm';
import { KMSClient } from '@aws-sdk/client-kms';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface Endpoints {
  /** GameLift endpoint override (e.g. the emulator's). */
  gamelift?: string;
  /** SSM endpoint override, used for StartSession/ResumeSession/TerminateSession. */
  ssm?: string;
  /** KMS endpoint override, for KMS-encrypted sessions. */
  kms?: string;
  /** IAM Identity Center OIDC endpoint override (RegisterClient, StartDeviceAuthorization, CreateToken). */
  ssooidc?: string;
  /** IAM Identity Center portal endpoint override (GetRoleCredentials, ListAccounts, ListAccountRoles). */
  sso?: string;
}

export interface AwsIdentity {
  /** A named profile from the shared config files (SSO included); null means the default chain. */
  profile: string | null;
  /** The Region GameLift is called in: the fleets' home Region. */
  region: string;
  endpoints: Endpoints;
  /** Overrides the profile, e.g. credentials the sandbox was handed. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The user's own credentials: an explicit profile wins over environment variables. */
function userCredentials(identity: AwsIdentity): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (identity.credentials) return identity.credentials;
  return identity.profile ? fromIni({ profile: identity.profile }) : fromNodeProviderChain();
}

export function gameLiftClient(identity: AwsIdentity): GameLiftClient {
  return new GameLiftClient({
    region: identity.region,
    credentials: userCredentials(identity),
    ...(identity.endpoints.gamelift ? { endpoint: identity.endpoints.gamelift } : {}),
  });
}

/**
 * An SSM client for one compute: in the compute's Location Region (not necessarily the fleet's
 * home Region), signed with the credentials GetComputeAccess issued for it (fixed, or a provider
 * the SDK reads: a session's vault-backed source).
 */
export function ssmClientFor(region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, endpoints: Endpoints): SSMClient {
  return new SSMClient({ region, credentials, ...(endpoints.ssm ? { endpoint: endpoints.ssm } : {}) });
}

export function kmsClientFor(region: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, endpoints: Endpoints): KMSClient {
  return new KMSClient({ region, credentials, ...(endpoints.kms ? { endpoint: endpoints.kms } : {}) });
}
