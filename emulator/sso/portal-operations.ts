// The AWS access portal API (botocore's "sso" model): the accounts and roles a signed-in user may
// use, and GetRoleCredentials, whose credentials the emulated GameLift accepts with the permission
// set's allowed actions. Every call carries the access token in x-amz-sso_bearer_token.
import type { CredentialStore } from '../auth/credential-store';
import { Paginator } from '../core/pagination';
import { Directory } from './directory';
import { noAccess, portalInvalid, unauthorized } from './sso-errors';
import type { SignIn, TokenStore } from './tokens';

/** Page size when max_result is not given (AWS documents none). */
const DEFAULT_PAGE_SIZE = 20;

export interface PortalContext {
  directory: Directory;
  tokens: TokenStore;
  credentials: CredentialStore;
}

export function portalOperations(ctx: PortalContext) {
  const pages = new Paginator(() => portalInvalid('Invalid next token'));
  const signedIn = (token: string | undefined): SignIn => {
    const signIn = token ? ctx.tokens.signInOf(token) : undefined;
    if (!signIn) throw unauthorized();
    return signIn;
  };
  const required = (query: URLSearchParams, name: string) => {
    const value = query.get(name);
    if (!value) throw portalInvalid(`Invalid request: ${name} is required`);
    return value;
  };
  const pageSize = (query: URLSearchParams) => {
    const raw = query.get('max_result');
    if (raw === null) return DEFAULT_PAGE_SIZE;
    const size = Number(raw);
    if (!Number.isInteger(size) || size < 1 || size > 100) throw portalInvalid('Invalid request: max_result must be between 1 and 100');
    return size;
  };

  return {
    ListAccounts(query: URLSearchParams, token: string | undefined) {
      const { userName } = signedIn(token);
      const accounts = ctx.directory.accountsOf(userName).map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress }));
      const page = pages.page(accounts, ['ListAccounts', userName], pageSize(query), query.get('next_token') ?? undefined);
      return { accountList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },

    ListAccountRoles(query: URLSearchParams, token: string | undefined) {
      const { userName } = signedIn(token);
      const accountId = required(query, 'account_id');
      const roles = ctx.directory.rolesOf(userName, accountId).map((p) => ({ roleName: p.name, accountId }));
      const page = pages.page(roles, ['ListAccountRoles', userName, accountId], pageSize(query), query.get('next_token') ?? undefined);
      return { roleList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },

    GetRoleCredentials(query: URLSearchParams, token: string | undefined) {
      const { userName } = signedIn(token);
      const roleName = required(query, 'role_name');
      const accountId = required(query, 'account_id');
      const permissionSet = ctx.directory.rolesOf(userName, accountId).find((p) => p.name === roleName);
      if (!permissionSet) throw noAccess();
      const issued = ctx.credentials.issueRole(
        { accountId, roleName: Directory.iamRoleName(accountId, roleName), roleSessionName: userName, allowedActions: permissionSet.allowedActions },
        permissionSet.sessionDurationMinutes * 60_000,
      );
      return {
        roleCredentials: { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken, expiration: issued.expiresAt },
      };
    },

    Logout(token: string | undefined) {
      ctx.tokens.revoke(signedIn(token));
    },
  };
}
