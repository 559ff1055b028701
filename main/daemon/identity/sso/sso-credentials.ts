// AWS credentials of an IAM Identity Center account and role, as the SDK's fromSSO makes them
// (GetRoleCredentials with the cached access token), but through the daemon's SignIns: an expired
// sign-in makes the call wait for one sign-in instead of failing, and a token the portal refuses
// before its time is dropped and the call waits too. Credentials are reused until 5 minutes
// before they expire.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isTokenRefused, portalError, roleCredentials } from './portal';
import type { SignIns } from './sign-ins';
import type { SsoSource } from './sso-config';

const REUSE_UNTIL_MS = 5 * 60_000;

export interface SsoRoleTarget {
  source: SsoSource;
  accountId: string;
  roleName: string;
}

export function ssoRoleCredentials(signIns: SignIns, target: () => Promise<SsoRoleTarget>): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const { source, accountId, roleName } = await target();
    const account = { accountId, roleName };
    const portal = signIns.portal(source);
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await signIns.accessToken(source, account);
        try {
          return await roleCredentials(portal, token, accountId, roleName);
        } catch (err) {
          if (!isTokenRefused(err) || attempt > 0) throw portalError(err, `role ${roleName} in account ${accountId}`);
          signIns.refuse(token); // revoked or expired early: refresh, or wait for a sign-in
        }
      }
    } finally {
      portal.destroy();
    }
  };
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > REUSE_UNTIL_MS) return cached;
    pending ??= fetch().finally(() => (pending = undefined));
    cached = await pending;
    return cached;
  };
}
