// The IPC handler body: untrusted senders never reach the daemon; trusted ones get the daemon's
// Wire answer unchanged (validation happens in the daemon's dispatcher, one place).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MethodName, Wire } from '../../preload/contract';
import { methodNames, invokeChannel, INVOKE_PREFIX } from '../../main/electron/channels';
import { guardedCall } from '../../main/electron/ipc';
import { APP_ORIGIN, type InvokeEventLike } from '../../main/electron/sender-guard';

const policy = { trustedContents: new Set([1]), trustedOrigins: new Set([APP_ORIGIN]) };
const fromApp: InvokeEventLike = { sender: { id: 1 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
const fromElsewhere: InvokeEventLike = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };

function recordingDaemon() {
  const calls: Array<{ method: MethodName; input: unknown }> = [];
  return {
    calls,
    dispatch: async (method: MethodName, input: unknown): Promise<Wire<unknown>> => {
      calls.push({ method, input });
      return { ok: true, value: { echoed: input } };
    },
  };
}

test('a trusted call reaches the dispatcher with its method and raw input', async () => {
  const daemon = recordingDaemon();
  const wire = await guardedCall(daemon, policy, 'listFleets')(fromApp, { refresh: true });
  assert.deepEqual(wire, { ok: true, value: { echoed: { refresh: true } } });
  assert.deepEqual(daemon.calls, [{ method: 'listFleets', input: { refresh: true } }]);
});

test('an untrusted call is refused with AccessDenied and never dispatched', async () => {
  const daemon = recordingDaemon();
  const wire = await guardedCall(daemon, policy, 'openShell')(fromElsewhere, { fleetId: 'fleet-1', computeName: 'c' });
  assert.equal(wire.ok, false);
  assert.equal(!wire.ok && wire.error.code, 'AccessDenied');
  assert.deepEqual(daemon.calls, []);
});

test('one channel per contract method, all under one prefix', () => {
  const channels = methodNames.map(invokeChannel);
  assert.equal(new Set(channels).size, methodNames.length);
  assert.ok(channels.every((c) => c.startsWith(INVOKE_PREFIX)));
});
