// A session transport's one source of AWS credentials, in the AWS SDK's provider shape, so the
// transport's SSM and KMS clients are built once and never swapped. The SDK is told the provider
// memoizes by itself (it does not: it reads the vault), so it asks before every request and every
// WebSocket upgrade signature: a renewal takes effect at the very next call. `forceRefresh` (the
// SSM client asks for it when ResumeSession refuses the credentials) renews first.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface CredentialSourceDeps {
  /** The credentials the vault holds now, with the expiry the daemon gave them. */
  read(): Promise<AwsCredentialIdentity & { expiration: Date }>;
  /** AWS refused the current ones: get fresh ones into the vault (one renewal however many ask). */
  renew(): Promise<void>;
}

export function credentialSource(deps: CredentialSourceDeps): AwsCredentialIdentityProvider {
  const provider = async (options?: { forceRefresh?: boolean }) => {
    if (options?.forceRefresh) await deps.renew();
    return deps.read();
  };
  // @aws-sdk/core wraps a provider in its own cache unless it says it memoizes; this one must be read each time.
  return Object.assign(provider, { memoized: true });
}
