// The tray's copy of the sign-ins calls wait for: events add and remove them, and ssoStatus's
// counts win (calls that gave up send no event), keeping the account and role an event named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInStatus } from '../../preload/contract';
import type { DaemonEventListener, DaemonPort } from '../../main/electron/daemon-port';
import { SignInMirror } from '../../main/electron/sign-in-mirror';

const studio = { ssoSession: 'studio', startUrl: 'https://d-1.awsapps.com/start', ssoRegion: 'us-east-1', profiles: ['dev'] };

function fakeDaemon() {
  let emit: DaemonEventListener = () => undefined;
  let statuses: SignInStatus[] = [];
  let reads = 0;
  const daemon: DaemonPort = {
    dispatch: async (method) => {
      assert.equal(method, 'ssoStatus');
      reads++;
      return { ok: true, value: { signIns: statuses } };
    },
    subscribe: (listener) => {
      emit = listener;
      return () => undefined;
    },
    close: async () => undefined,
  };
  return {
    daemon,
    emit: (...args: Parameters<DaemonEventListener>) => emit(...args),
    setStatuses: (next: SignInStatus[]) => (statuses = next),
    reads: () => reads,
  };
}

const settle = () => new Promise((r) => setImmediate(r));

test('signInNeeded adds a sign-in with its account and role; ssoStatus keeps the count; signedIn removes it', async () => {
  const fake = fakeDaemon();
  const mirror = new SignInMirror(fake.daemon);
  let changes = 0;
  mirror.onChange(() => changes++);
  await settle();
  assert.deepEqual(mirror.list(), []);

  fake.setStatuses([{ ...studio, state: 'needs-sign-in', refreshable: false, waiting: 2 }]);
  fake.emit('signInNeeded', { ...studio, accountId: '123456789012', roleName: 'GameLiftAdmin', waiting: 1, reason: 'expired' });
  assert.equal(mirror.list()[0]?.waiting, 1, 'shown at once from the event');
  await settle();
  assert.deepEqual(mirror.list(), [{ ref: { ...studio, accountId: '123456789012', roleName: 'GameLiftAdmin' }, waiting: 2 }], 'the count from ssoStatus, the account from the event');
  assert.ok(changes >= 2);

  fake.setStatuses([{ ...studio, state: 'signed-in', expiresAt: Date.now() + 3_600_000, refreshable: true, waiting: 0 }]);
  fake.emit('signedIn', { ...studio, expiresAt: Date.now() + 3_600_000, resumed: 2 });
  assert.deepEqual(mirror.list(), []);
  mirror.dispose();
});

test('calls that gave up waiting (no event) go at the next ssoStatus read', async () => {
  const fake = fakeDaemon();
  fake.setStatuses([{ ...studio, state: 'needs-sign-in', refreshable: false, waiting: 1 }]);
  const mirror = new SignInMirror(fake.daemon);
  await settle();
  assert.equal(mirror.list().length, 1, 'a wait no event announced (a mirror started late) is shown too');
  fake.setStatuses([{ ...studio, state: 'needs-sign-in', refreshable: false, waiting: 0 }]);
  await mirror.refresh();
  assert.deepEqual(mirror.list(), []);
  mirror.dispose();
});

test('a daemon without sign-in (an error answer) shows nothing', async () => {
  const daemon: DaemonPort = {
    dispatch: async () => ({ ok: false, error: { code: 'Unsupported', message: 'no' } }),
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
  const mirror = new SignInMirror(daemon);
  await settle();
  assert.deepEqual(mirror.list(), []);
  mirror.dispose();
});

test('newly needed: once when calls start waiting for a sign-in, not again as more calls wait; again after it was signed in', async () => {
  const fake = fakeDaemon();
  const mirror = new SignInMirror(fake.daemon);
  const needed: string[] = [];
  mirror.onNewlyNeeded(({ ref, waiting }) => needed.push(`${ref.ssoSession}:${waiting}`));
  await settle();
  fake.setStatuses([{ ...studio, state: 'needs-sign-in', refreshable: false, waiting: 3 }]);
  fake.emit('signInNeeded', { ...studio, waiting: 1, reason: 'missing' });
  fake.emit('signInNeeded', { ...studio, waiting: 2, reason: 'missing' });
  await settle();
  fake.emit('signInNeeded', { ...studio, waiting: 3, reason: 'missing' });
  await settle();
  assert.deepEqual(needed, ['studio:1'], 'one notice for one need');
  fake.setStatuses([]);
  fake.emit('signedIn', { ...studio, expiresAt: Date.now() + 3_600_000, resumed: 3 });
  await settle();
  fake.setStatuses([{ ...studio, state: 'needs-sign-in', refreshable: false, waiting: 1 }]);
  await mirror.refresh();
  assert.deepEqual(needed, ['studio:1', 'studio:1'], 'a later need (found by ssoStatus) is news again');
  mirror.dispose();
});
