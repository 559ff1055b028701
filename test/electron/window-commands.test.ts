// Window commands from main: a fleet-event notification's click opens its compute with a shell
// (or its fleet), other notifications show their session; a command is checked against the
// contract before it leaves and waits for the page to finish loading. And the recent-targets
// mirror the tray lists: read at start and when a session first becomes active, not otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowCommandChannel, type EventPayload, type MethodName, type RecentTarget, type Wire } from '../../preload/contract';
import type { DaemonEventListener, DaemonPort } from '../../main/electron/daemon-port';
import { RecentMirror } from '../../main/electron/recent-mirror';
import { notificationClick, sendWindowCommand, type CommandTarget } from '../../main/electron/window-commands';
import { session } from './support/session';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const note = (over: Partial<EventPayload<'notification'>>): EventPayload<'notification'> => ({ kind: 'fleet-event', title: 'Crash', body: 'A server process crashed', ...over });

test('a fleet-event naming a compute opens a shell there; without one (or with a name the contract refuses) the fleet; others their session', () => {
  assert.deepEqual(notificationClick(note({ fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001', eventCode: 'SERVER_PROCESS_CRASHED' })), {
    type: 'command',
    command: { fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001', action: 'shell' },
  });
  assert.deepEqual(notificationClick(note({ fleetId: FLEET })), { type: 'command', command: { fleetId: FLEET, action: 'show' } });
  assert.deepEqual(notificationClick(note({ fleetId: FLEET, computeName: 'not a compute; rm -rf' })), { type: 'command', command: { fleetId: FLEET, action: 'show' } });
  assert.deepEqual(notificationClick(note({ fleetId: 'javascript:alert(1)' })), { type: 'session' });
  assert.deepEqual(notificationClick(note({ kind: 'ended-unexpectedly', sessionId: 'gc-7', fleetId: FLEET })), { type: 'session', sessionId: 'gc-7' });
});

function fakeContents(loading: boolean) {
  const sent: Array<[string, unknown]> = [];
  let onLoad: (() => void) | undefined;
  let destroyed = false;
  const contents: CommandTarget = {
    isDestroyed: () => destroyed,
    isLoading: () => loading,
    once: (_event, listener) => (onLoad = listener),
    send: (channel, payload) => void sent.push([channel, payload]),
  };
  return {
    contents,
    sent,
    finishLoad: () => {
      loading = false;
      onLoad?.();
    },
    destroy: () => (destroyed = true),
  };
}

test('a command goes out at once to a loaded page, after did-finish-load to a loading one, never to a destroyed one or off-contract', () => {
  const loaded = fakeContents(false);
  assert.equal(sendWindowCommand(loaded.contents, 'openFind', {}), true);
  assert.deepEqual(loaded.sent, [[windowCommandChannel('openFind'), {}]]);

  const loading = fakeContents(true);
  sendWindowCommand(loading.contents, 'openTarget', { fleetId: FLEET, computeName: 'i-1', action: 'shell' });
  assert.deepEqual(loading.sent, []);
  loading.finishLoad();
  assert.deepEqual(loading.sent, [[windowCommandChannel('openTarget'), { fleetId: FLEET, computeName: 'i-1', action: 'shell' }]]);

  const gone = fakeContents(true);
  sendWindowCommand(gone.contents, 'openFind', {});
  gone.destroy();
  gone.finishLoad();
  assert.deepEqual(gone.sent, []);

  const checked = fakeContents(false);
  assert.equal(sendWindowCommand(checked.contents, 'openTarget', { fleetId: 'x', action: 'shell' }), false);
  assert.equal(sendWindowCommand(checked.contents, 'openTarget', { fleetId: FLEET, action: 'telnet' } as never), false);
  assert.deepEqual(checked.sent, []);
});

test('RecentMirror: reads at start and when a session first becomes active; not on its byte counts or renewals', async () => {
  let emit: DaemonEventListener = () => undefined;
  const calls: MethodName[] = [];
  let targets: RecentTarget[] = [];
  const daemon: DaemonPort = {
    dispatch: async (method): Promise<Wire<unknown>> => {
      calls.push(method);
      return { ok: true, value: { targets } };
    },
    subscribe: (listener) => {
      emit = listener;
      return () => undefined;
    },
    close: async () => undefined,
  };
  const mirror = new RecentMirror(daemon);
  let changes = 0;
  mirror.onChange(() => changes++);
  await mirror.refresh();
  const reads = () => calls.filter((m) => m === 'listRecentTargets').length;
  const before = reads();
  assert.ok(before >= 1);

  targets = [{ fleetId: FLEET, computeName: 'i-1', location: 'us-west-2', kind: 'shell', openedAt: 2 }];
  emit('sessionChanged', session({ id: 'gc-9', state: 'starting' }));
  assert.equal(reads(), before, 'starting: not yet');
  emit('sessionChanged', session({ id: 'gc-9', state: 'active' }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reads(), before + 1);
  assert.deepEqual(mirror.list(), targets);
  assert.ok(changes >= 1);

  emit('sessionChanged', session({ id: 'gc-9', state: 'active', bytesIn: 100 }));
  emit('sessionChanged', session({ id: 'gc-9', state: 'renewing' }));
  emit('sessionChanged', session({ id: 'gc-9', state: 'active' }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reads(), before + 1, 'the same session again: no read');
  mirror.dispose();
});

test("openSignIn (the tray's 'Sign-in needed'): an sso-session or a profile by name; a name the AWS config could not hold, or another field, is not sent", () => {
  const loaded = fakeContents(false);
  assert.equal(sendWindowCommand(loaded.contents, 'openSignIn', { ssoSession: 'studio' }), true);
  assert.equal(sendWindowCommand(loaded.contents, 'openSignIn', { profile: 'legacy-sso' }), true);
  assert.deepEqual(loaded.sent, [
    [windowCommandChannel('openSignIn'), { ssoSession: 'studio' }],
    [windowCommandChannel('openSignIn'), { profile: 'legacy-sso' }],
  ]);
  const checked = fakeContents(false);
  assert.equal(sendWindowCommand(checked.contents, 'openSignIn', { ssoSession: 'studio]\n[profile x' }), false);
  assert.equal(sendWindowCommand(checked.contents, 'openSignIn', { ssoSession: 'studio', startUrl: 'https://x' } as never), false);
  assert.deepEqual(checked.sent, []);
});
