// The user's credentials when they come from IAM Identity Center: an SSO profile (sso_session or
// the legacy sso_start_url form, with sso_account_id and sso_role_name) or an sso-session's account
// and role picked with useSsoRole go through SignIns (sso-credentials.ts), so an expired sign-in
// waits for one sign-in. Any other profile, and the default chain, are the SDK's own providers.
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { DaemonError } from '../../errors';
import type { SignIns } from './sign-ins';
import { ssoRoleCredentials, type SsoRoleTarget } from './sso-credentials';

export interface SsoRole {
  ssoSession: string;
  accountId: string;
  roleName: string;
}

export type Who = { profile: string | null } | { ssoRole: SsoRole };

/** The profile's SSO account and role, or undefined when it is no complete SSO profile. */
async function profileTarget(signIns: SignIns, profile: string): Promise<SsoRoleTarget | undefined> {
  const found = (await signIns.config()).profiles.get(profile);
  return found?.accountId && found.roleName ? { source: found.source, accountId: found.accountId, roleName: found.roleName } : undefined;
}

export function userCredentials(signIns: SignIns, who: Who): AwsCredentialIdentityProvider {
  if ('ssoRole' in who) {
    const role = who.ssoRole;
    return ssoRoleCredentials(signIns, async () => {
      const source = (await signIns.config()).sources.find((s) => s.ssoSession === role.ssoSession);
      if (!source) throw new DaemonError('NotFound', `There is no sso-session named ${role.ssoSession} in the AWS config file.`);
      return { source, accountId: role.accountId, roleName: role.roleName };
    });
  }
  // Environment keys win over a profile the default chain would read, as in the SDK.
  const profile = who.profile ?? (process.env.AWS_ACCESS_KEY_ID ? null : (process.env.AWS_PROFILE ?? 'default'));
  let chosen: Promise<AwsCredentialIdentityProvider> | undefined;
  const choose = async (): Promise<AwsCredentialIdentityProvider> => {
    const target = profile ? await profileTarget(signIns, profile) : undefined;
    if (target) return ssoRoleCredentials(signIns, async () => target);
    return who.profile ? fromIni({ profile: who.profile }) : fromNodeProviderChain();
  };
  return async (options) => {
    chosen ??= choose();
    chosen.catch(() => (chosen = undefined)); // an unreadable config is read again next time
    return (await chosen)(options);
  };
}
