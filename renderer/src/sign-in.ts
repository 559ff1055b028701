// IAM Identity Center sign-in as the window shows it (pure; test/renderer/sign-in.test.ts): which
// sign-in a ref names, how to ask the daemon for it, its state in words, and the calls waiting on
// each sign-in, kept from the daemon's signInNeeded / signedIn events and ssoStatus.
import type { EventPayload, SignInRef, SignInStatus } from '../../preload/contract';

/** One sign-in's identity, as the daemon keys it: the sso-session's name, else (a legacy profile) the start URL. */
export const signInKey = (ref: Pick<SignInRef, 'ssoSession' | 'startUrl'>): string =>
  ref.ssoSession !== null ? `session:${ref.ssoSession}` : `url:${ref.startUrl}`;

/** What the user calls it: the sso-session's name, else the start URL. */
export const signInName = (ref: Pick<SignInRef, 'ssoSession' | 'startUrl'>): string => ref.ssoSession ?? ref.startUrl;

/** startSignIn's pick for a ref: the sso-session by name, else (legacy) one of its profiles. */
export function signInPick(ref: Pick<SignInRef, 'ssoSession' | 'profiles'>): { ssoSession: string } | { profile: string } | null {
  if (ref.ssoSession !== null) return { ssoSession: ref.ssoSession };
  const profile = ref.profiles[0];
  return profile ? { profile } : null;
}

/** "studio (account 123456789012 / role GameLiftAdmin)": which account needs the sign-in, when a call said. */
export function whoNeedsSignIn(ref: SignInRef): string {
  const parts = [ref.accountId ? `account ${ref.accountId}` : null, ref.roleName ? `role ${ref.roleName}` : null].filter(Boolean);
  return parts.length ? `${signInName(ref)} (${parts.join(' / ')})` : signInName(ref);
}

/** "14:05" in the user's time zone. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A sign-in's state in words: "Signed in until 14:05", "Needs sign-in", "Signing in…". */
export function signInStateText(status: Pick<SignInStatus, 'state' | 'expiresAt'>, now: number): string {
  if (status.state === 'signing-in') return 'Signing in…';
  if (status.state === 'signed-in' && status.expiresAt !== undefined && status.expiresAt > now) return `Signed in until ${clockTime(status.expiresAt)}`;
  return 'Needs sign-in';
}

/** Whether the row offers "Sign in" (a flow under way is shown again rather than restarted). */
export const offersSignIn = (status: Pick<SignInStatus, 'state' | 'expiresAt'>, now: number): boolean =>
  status.state !== 'signed-in' || status.expiresAt === undefined || status.expiresAt <= now;

/** A sign-in some calls wait for: the latest ref a waiting call gave (with its account and role) and how many wait. */
export interface Waiting {
  ref: SignInRef;
  waiting: number;
}

export type WaitingMap = ReadonlyMap<string, Waiting>;

/** signInNeeded: calls wait for this sign-in (the count is the daemon's, not a sum). */
export function onSignInNeeded(map: WaitingMap, event: EventPayload<'signInNeeded'>): WaitingMap {
  const { waiting, reason: _reason, ...ref } = event;
  const next = new Map(map);
  next.set(signInKey(ref), { ref, waiting });
  return next;
}

/** signedIn: the calls waiting on it resumed. */
export function onSignedIn(map: WaitingMap, ref: Pick<SignInRef, 'ssoSession' | 'startUrl'>): WaitingMap {
  if (!map.has(signInKey(ref))) return map;
  const next = new Map(map);
  next.delete(signInKey(ref));
  return next;
}

/**
 * ssoStatus's counts are the truth: calls that gave up waiting (SignInNeeded after the daemon's
 * wait) send no event. A sign-in with calls waiting that no event announced yet is added.
 */
export function withStatus(map: WaitingMap, statuses: readonly SignInStatus[]): WaitingMap {
  const next = new Map<string, Waiting>();
  for (const status of statuses) {
    if (status.waiting <= 0) continue;
    const key = signInKey(status);
    const known = map.get(key);
    const { state: _s, expiresAt: _e, refreshable: _r, waiting, signInId: _i, ...ref } = status;
    next.set(key, { ref: known ? { ...ref, ...pickAccount(known.ref) } : ref, waiting });
  }
  return next;
}

const pickAccount = (ref: SignInRef) => ({ ...(ref.accountId ? { accountId: ref.accountId } : {}), ...(ref.roleName ? { roleName: ref.roleName } : {}) });

/** The banner's words for one waiting sign-in: "Sign-in needed for studio (account … / role …) — 2 waiting". */
export function bannerText(entry: Waiting): string {
  return `Sign-in needed for ${whoNeedsSignIn(entry.ref)} — ${entry.waiting} waiting`;
}

/** A profile name to offer for an account and role: "studio-game-studio-GameLiftAdmin", only characters the config allows. */
export function suggestedProfileName(ssoSession: string, account: { accountId: string; accountName?: string | undefined }, roleName: string): string {
  const accountPart = (account.accountName ?? account.accountId).toLowerCase().replace(/[^\w.@+-]+/g, '-').replace(/^-+|-+$/g, '') || account.accountId;
  return `${ssoSession}-${accountPart}-${roleName}`.replace(/[^\w.@+-]+/g, '-').slice(0, 128);
}
