// The IAM Identity Center portal, through the SDK's SSO client: the accounts and roles a signed-in
// user may use (ListAccounts, ListAccountRoles, every page) and a role's credentials
// (GetRoleCredentials). An UnauthorizedException means the access token is no longer good.
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import type { AwsCredentialIdentity } from '@smithy/types';
import { DaemonError } from '../../errors';

export const portalClient = (region: string, endpoint?: string): SSOClient => new SSOClient({ region, ...(endpoint ? { endpoint } : {}) });

/** The portal refused the access token (expired or revoked before its time). */
export const isTokenRefused = (err: unknown): boolean => (err as { name?: string } | null)?.name === 'UnauthorizedException';

export function portalError(err: unknown, what: string): DaemonError {
  if (err instanceof DaemonError) return err;
  const name = String((err as { name?: string }).name ?? '');
  if (name === 'ResourceNotFoundException') return new DaemonError('NotFound', `IAM Identity Center does not know ${what}.`, 'Check the account ID and role name (listSsoAccounts, listSsoAccountRoles).');
  if (name === 'TooManyRequestsException') return new DaemonError('Throttled', `IAM Identity Center is throttling ${what}; try again in a few seconds.`);
  if (name === 'UnauthorizedException') return new DaemonError('NoCredentials', `IAM Identity Center refused the sign-in for ${what}.`, 'Sign in again.');
  return new DaemonError('Unreachable', `Could not reach IAM Identity Center for ${what} (${name || 'error'}).`, 'Check your network connection, proxy or VPN.');
}

export async function listAccounts(client: SSOClient, accessToken: string) {
  const accounts: { accountId: string; accountName?: string; emailAddress?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ accessToken, maxResults: 100, ...(nextToken ? { nextToken } : {}) }));
    for (const a of page.accountList ?? []) {
      if (a.accountId) accounts.push({ accountId: a.accountId, ...(a.accountName ? { accountName: a.accountName } : {}), ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}) });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return accounts;
}

export async function listAccountRoles(client: SSOClient, accessToken: string, accountId: string) {
  const roles: { accountId: string; roleName: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListAccountRolesCommand({ accessToken, accountId, maxResults: 100, ...(nextToken ? { nextToken } : {}) }));
    for (const r of page.roleList ?? []) if (r.roleName) roles.push({ accountId: r.accountId ?? accountId, roleName: r.roleName });
    nextToken = page.nextToken;
  } while (nextToken);
  return roles;
}

export async function roleCredentials(client: SSOClient, accessToken: string, accountId: string, roleName: string): Promise<AwsCredentialIdentity> {
  const out = await client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
  const c = out.roleCredentials;
  if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) throw new DaemonError('Unreachable', 'IAM Identity Center returned incomplete role credentials.');
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: new Date(c.expiration), accountId };
}
