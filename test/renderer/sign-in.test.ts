import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInRef, SignInStatus } from '../../preload/contract';
import {
  bannerText,
  clockTime,
  offersSignIn,
  onSignedIn,
  onSignInNeeded,
  signInKey,
  signInPick,
  signInStateText,
  suggestedProfileName,
  whoNeedsSignIn,
  withStatus,
} from '../../renderer/src/sign-in';

// Clock times are the user's local time: pin the zone so the expected strings are known.
process.env.TZ = 'UTC';

const session: SignInRef = { ssoSession: 'studio', startUrl: 'https://d-1.awsapps.com/start', ssoRegion: 'us-east-1', profiles: ['dev', 'prod'] };
const legacy: SignInRef = { ssoSession: null, startUrl: 'https://d-2.awsapps.com/start', ssoRegion: 'eu-west-1', profiles: ['old'] };
const status = (ref: SignInRef, extra: Partial<SignInStatus>): SignInStatus => ({ ...ref, state: 'needs-sign-in', refreshable: false, waiting: 0, ...extra });

test('a sign-in is keyed and named by its sso-session, else (a legacy profile) by its start URL', () => {
  assert.equal(signInKey(session), 'session:studio');
  assert.equal(signInKey(legacy), 'url:https://d-2.awsapps.com/start');
  assert.notEqual(signInKey({ ssoSession: 'x', startUrl: 'u' }), signInKey({ ssoSession: null, startUrl: 'x' }));
  assert.deepEqual(signInPick(session), { ssoSession: 'studio' });
  assert.deepEqual(signInPick(legacy), { profile: 'old' });
  assert.equal(signInPick({ ssoSession: null, profiles: [] }), null);
});

test('which account needs the sign-in: the sso-session and the account and role a call asked for', () => {
  assert.equal(whoNeedsSignIn(session), 'studio');
  assert.equal(whoNeedsSignIn({ ...session, accountId: '123456789012', roleName: 'GameLiftAdmin' }), 'studio (account 123456789012 / role GameLiftAdmin)');
  assert.equal(whoNeedsSignIn({ ...legacy, accountId: '123456789012' }), 'https://d-2.awsapps.com/start (account 123456789012)');
  assert.equal(bannerText({ ref: { ...session, roleName: 'Viewer' }, waiting: 3 }), 'Sign-in needed for studio (role Viewer) — 3 waiting');
});

test('state in words: signed in until HH:MM (local), needs sign-in once expired, signing in', () => {
  const now = Date.UTC(2026, 11, 2, 11, 0);
  const until = Date.UTC(2026, 11, 2, 14, 5);
  assert.equal(clockTime(until), '14:05');
  assert.equal(signInStateText({ state: 'signed-in', expiresAt: until }, now), 'Signed in until 14:05');
  assert.equal(offersSignIn({ state: 'signed-in', expiresAt: until }, now), false);
  // A token whose time passed needs a sign-in even before the daemon says so.
  assert.equal(signInStateText({ state: 'signed-in', expiresAt: now - 1 }, now), 'Needs sign-in');
  assert.equal(offersSignIn({ state: 'signed-in', expiresAt: now - 1 }, now), true);
  assert.equal(signInStateText({ state: 'needs-sign-in' }, now), 'Needs sign-in');
  assert.equal(signInStateText({ state: 'signing-in' }, now), 'Signing in…');
  assert.equal(offersSignIn({ state: 'signing-in' }, now), true, 'a flow under way is shown again');
});

test('waiting calls: signInNeeded sets the count and the account asked for, signedIn clears that sign-in only', () => {
  let map = onSignInNeeded(new Map(), { ...session, accountId: '123456789012', roleName: 'GameLiftAdmin', waiting: 1, reason: 'expired' });
  map = onSignInNeeded(map, { ...legacy, waiting: 1, reason: 'missing' });
  map = onSignInNeeded(map, { ...session, accountId: '123456789012', roleName: 'GameLiftAdmin', waiting: 2, reason: 'expired' });
  assert.deepEqual([...map.values()].map((w) => [w.ref.ssoSession, w.waiting]), [['studio', 2], [null, 1]]);
  assert.equal('reason' in map.get('session:studio')!.ref, false, 'the ref holds no event fields');
  const after = onSignedIn(map, session);
  assert.deepEqual([...after.keys()], ['url:https://d-2.awsapps.com/start']);
  assert.equal(onSignedIn(after, session), after, 'nothing to clear: the same map');
});

test('ssoStatus is the truth for counts: gone when no call waits, added when none was announced, the account kept', () => {
  const map = onSignInNeeded(new Map(), { ...session, accountId: '123456789012', roleName: 'GameLiftAdmin', waiting: 2, reason: 'expired' });
  const read = withStatus(map, [status(session, { waiting: 3 }), status(legacy, { waiting: 0 })]);
  assert.deepEqual([...read.entries()].map(([k, w]) => [k, w.waiting, w.ref.accountId, w.ref.roleName]), [['session:studio', 3, '123456789012', 'GameLiftAdmin']]);
  assert.equal(withStatus(map, [status(session, { state: 'signed-in', waiting: 0 })]).size, 0);
  const announced = withStatus(new Map(), [status(legacy, { waiting: 1, state: 'signing-in', signInId: 's-1' })]);
  assert.deepEqual(announced.get('url:https://d-2.awsapps.com/start')?.ref, legacy);
});

test('a suggested profile name holds only characters a profile name may have', () => {
  assert.equal(suggestedProfileName('studio', { accountId: '123456789012', accountName: 'Game Studio (Prod)' }, 'GameLiftAdmin'), 'studio-game-studio-prod-GameLiftAdmin');
  assert.equal(suggestedProfileName('studio', { accountId: '123456789012' }, 'Admin'), 'studio-123456789012-Admin');
  assert.match(suggestedProfileName('s', { accountId: '1', accountName: '***' }, 'R'), /^[\w.@+-]+$/);
});
