// The scenario's IAM Identity Center instance: its start URL and Region, the users who may sign in,
// the AWS accounts and permission sets, and which user gets which role in which account. A scenario
// without one gets defaultIdentityCenter(): one user with full GameLift access to the scenario's account.
import { z } from 'zod';

const accountId = z.string().regex(/^\d{12}$/);
const userName = z.string().min(1).max(128).regex(/^[\w+=,.@-]+$/);
/** Permission set names become role names (AWSReservedSSO_<name>_<suffix>), so IAM's role-name rules apply. */
const permissionSetName = z.string().min(1).max(32).regex(/^[\w+=,.@-]+$/);

export const identityCenterSchema = z.object({
  /** The AWS access portal URL users sign in at (sso_start_url in the AWS CLI's config). */
  startUrl: z.url(),
  /** The Region the instance lives in (sso_region): its OIDC and portal endpoints are there. */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
  /** Emulated lifetime of access tokens (CreateToken's expiresIn). */
  accessTokenLifetimeMinutes: z.number().int().min(1).max(24 * 60).default(60),
  /** How long a sign-in lasts (the access portal session duration: 15 minutes to 90 days, default 8 hours); refresh tokens stop working after it (emulated). */
  sessionDurationMinutes: z.number().int().min(15).max(90 * 24 * 60).default(8 * 60),
  users: z.array(z.object({ userName, displayName: z.string().min(1), email: z.email() })).min(1),
  accounts: z.array(z.object({ accountId, accountName: z.string().min(1).max(50), emailAddress: z.email() })).min(1),
  permissionSets: z
    .array(
      z.object({
        name: permissionSetName,
        /** GetRoleCredentials' credentials last this long (emulated; AWS: 1 to 12 hours). */
        sessionDurationMinutes: z.number().int().min(60).max(12 * 60).default(60),
        /** IAM actions the role allows, wildcards allowed ('gamelift:*', 'gamelift:Describe*'). */
        allowedActions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/)).default([]),
      }),
    )
    .min(1),
  assignments: z.array(z.object({ userName, accountId, permissionSet: permissionSetName })),
});

export type IdentityCenterSpec = z.infer<typeof identityCenterSchema>;

/** Assignments name users, accounts and permission sets that exist. */
export function checkIdentityCenter(spec: IdentityCenterSpec, ctx: z.RefinementCtx): void {
  const users = new Set(spec.users.map((u) => u.userName));
  const accounts = new Set(spec.accounts.map((a) => a.accountId));
  const sets = new Set(spec.permissionSets.map((p) => p.name));
  spec.assignments.forEach((a, i) => {
    const at = (member: string) => ['identityCenter', 'assignments', i, member];
    if (!users.has(a.userName)) ctx.addIssue({ code: 'custom', path: at('userName'), message: `unknown user ${a.userName}` });
    if (!accounts.has(a.accountId)) ctx.addIssue({ code: 'custom', path: at('accountId'), message: `unknown account ${a.accountId}` });
    if (!sets.has(a.permissionSet)) ctx.addIssue({ code: 'custom', path: at('permissionSet'), message: `unknown permission set ${a.permissionSet}` });
  });
}

/** The instance a scenario without `identityCenter` gets. */
export function defaultIdentityCenter(accountId: string, region: string): IdentityCenterSpec {
  return identityCenterSchema.parse({
    startUrl: 'https://d-9267a1b2c3.awsapps.com/start',
    region,
    users: [{ userName: 'developer', displayName: 'Game Developer', email: 'developer@example.com' }],
    accounts: [{ accountId, accountName: 'Game Studio', emailAddress: 'aws@example.com' }],
    permissionSets: [{ name: 'GameLiftAdmin', allowedActions: ['gamelift:*'] }],
    assignments: [{ userName: 'developer', accountId, permissionSet: 'GameLiftAdmin' }],
  });
}
