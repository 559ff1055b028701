// Lookups in the scenario's Identity Center instance: users, the accounts a user is assigned to,
// and the roles (permission sets) they hold there.
import { createHash } from 'node:crypto';
import type { IdentityCenterSpec } from '../scenario/identity-center';

export type DirectoryUser = IdentityCenterSpec['users'][number];
export type DirectoryAccount = IdentityCenterSpec['accounts'][number];
export type PermissionSet = IdentityCenterSpec['permissionSets'][number];

export class Directory {
  constructor(readonly spec: IdentityCenterSpec) {}

  user(userName: string): DirectoryUser | undefined {
    // Identity Center user names are case-insensitive at sign-in.
    return this.spec.users.find((u) => u.userName.toLowerCase() === userName.trim().toLowerCase());
  }

  /** Accounts where the user holds at least one permission set, in the scenario's order. */
  accountsOf(userName: string): DirectoryAccount[] {
    const assigned = new Set(this.spec.assignments.filter((a) => a.userName === userName).map((a) => a.accountId));
    return this.spec.accounts.filter((a) => assigned.has(a.accountId));
  }

  /** The permission sets the user holds in one account. */
  rolesOf(userName: string, accountId: string): PermissionSet[] {
    const names = new Set(this.spec.assignments.filter((a) => a.userName === userName && a.accountId === accountId).map((a) => a.permissionSet));
    return this.spec.permissionSets.filter((p) => names.has(p.name));
  }

  /** The IAM role Identity Center provisions for a permission set: AWSReservedSSO_<name>_<16 hex>. */
  static iamRoleName(accountId: string, permissionSet: string): string {
    const suffix = createHash('sha256').update(`${accountId}/${permissionSet}`).digest('hex').slice(0, 16);
    return `AWSReservedSSO_${permissionSet}_${suffix}`;
  }
}
