// The mirror's one-second ticker (tray countdowns, the expiry safety net) runs only while a
// session is live, and stops when the last one ends or on dispose.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonEventListener, DaemonPort } from '../../main/electron/daemon-port';
import { SessionMirror } from '../../main/electron/session-mirror';
import { session } from './support/session';

test('ticks each second while a session is live, idle otherwise', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let emit: DaemonEventListener = () => undefined;
  const daemon: DaemonPort = {
    dispatch: async () => ({ ok: true, value: { sessions: [] } }),
    subscribe: (listener) => {
      emit = listener;
      return () => undefined;
    },
    close: async () => undefined,
  };
  const mirror = new SessionMirror(daemon);
  let ticks = 0;
  const stop = mirror.everySecondWhileLive(() => ticks++);
  t.mock.timers.tick(3000);
  assert.equal(ticks, 0, 'no sessions: no ticks');
  emit('sessionChanged', session());
  t.mock.timers.tick(3000);
  assert.equal(ticks, 3);
  emit('sessionChanged', session({ state: 'ended' }));
  t.mock.timers.tick(3000);
  assert.equal(ticks, 3, 'the last session ended: idle');
  emit('sessionChanged', session());
  stop();
  t.mock.timers.tick(3000);
  assert.equal(ticks, 3, 'disposed: idle');
});
