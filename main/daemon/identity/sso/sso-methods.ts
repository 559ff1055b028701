// The contract's IAM Identity Center methods (listSsoAccounts, listSsoAccountRoles, useSsoRole,
// saveSsoProfile) over SignIns, the identity and the config file. Sign-in itself is SignIns'.
import type { MethodOutput } from '../../../../preload/contract';
import { DaemonError } from '../../errors';
import type { Identity } from '../identity';
import { saveSsoProfile } from './config-writer';
import { isTokenRefused, listAccountRoles, listAccounts, portalError } from './portal';
import type { SignIns } from './sign-ins';
import type { SsoSource } from './sso-config';

type Pick = { profile?: string | undefined; ssoSession?: string | undefined };

export class SsoMethods {
  constructor(
    private readonly signIns: SignIns,
    private readonly identity: Identity,
  ) {}

  /** A portal call with a good token; a refused token is dropped and the call made once more (after a refresh or a sign-in). */
  private async withToken<T>(source: SsoSource, what: string, call: (token: string) => Promise<T>, account: { accountId?: string } = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.signIns.accessToken(source, account);
      try {
        return await call(token);
      } catch (err) {
        if (!isTokenRefused(err) || attempt > 0) throw portalError(err, what);
        this.signIns.refuse(token);
      }
    }
  }

  async listAccounts(pick: Pick): Promise<MethodOutput<'listSsoAccounts'>> {
    const source = await this.signIns.source(pick);
    const portal = this.signIns.portal(source);
    try {
      return { accounts: await this.withToken(source, 'the account list', (token) => listAccounts(portal, token)) };
    } finally {
      portal.destroy();
    }
  }

  async listAccountRoles(pick: Pick & { accountId: string }): Promise<MethodOutput<'listSsoAccountRoles'>> {
    const source = await this.signIns.source(pick);
    const portal = this.signIns.portal(source);
    try {
      return { roles: await this.withToken(source, `the roles of account ${pick.accountId}`, (token) => listAccountRoles(portal, token, pick.accountId), { accountId: pick.accountId }) };
    } finally {
      portal.destroy();
    }
  }

  /** Switches identity once the role is known to be one the user may take (ListAccountRoles). */
  async useRole(input: { ssoSession: string; accountId: string; roleName: string; region?: string | undefined }): Promise<MethodOutput<'useSsoRole'>> {
    const { roles } = await this.listAccountRoles({ ssoSession: input.ssoSession, accountId: input.accountId });
    if (!roles.some((r) => r.roleName === input.roleName)) {
      throw new DaemonError('NotFound', `Role ${input.roleName} is not one you may use in account ${input.accountId}.`, `Your roles there: ${roles.map((r) => r.roleName).join(', ') || 'none'}.`);
    }
    const ssoRole = { ssoSession: input.ssoSession, accountId: input.accountId, roleName: input.roleName };
    this.identity.useSsoRole(ssoRole, input.region ?? this.identity.region);
    return { profile: null, region: this.identity.region, ssoRole };
  }

  async saveProfile(input: { name: string; ssoSession: string; accountId: string; roleName: string; region?: string | undefined; overwrite?: boolean | undefined }): Promise<MethodOutput<'saveSsoProfile'>> {
    await this.signIns.source({ ssoSession: input.ssoSession }); // NotFound for an unknown sso-session
    const { configFile, created } = await saveSsoProfile(input, input.overwrite ?? false, this.signIns.files.configFile);
    return { profile: input.name, configFile, created };
  }
}
