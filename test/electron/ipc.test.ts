// The IPC handler body: untrusted senders never reach the daemon; trusted ones get the daemon's
// Wire answer unchanged (validation happens in the daemon's dispatcher, one place) — checked with
// a recording dispatcher and with the real one over a sandbox daemon.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDispatcher } from '../../main/daemon/api/dispatcher';
import { Daemon } from '../../main/daemon/daemon';
import { memoryKeychain } from '../../main/daemon/web/memory-keychain';
import { startSandbox } from '../../main/daemon/web/sandbox';
import { methodNames, invokeChannel, INVOKE_PREFIX, type MethodName, type Wire } from '../../preload/contract';
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

test('through the daemon\'s real dispatcher: bad input is InvalidInput, good input answers', async () => {
  const sandbox = await startSandbox();
  const dataDir = await mkdtemp(join(tmpdir(), 'ipc-test-'));
  const daemon = await Daemon.start({ sandbox: sandbox.identity, dataDir, keychain: memoryKeychain(), settings: sandbox.settings });
  try {
    const dispatch = createDispatcher(daemon.api, daemon.log);
    const call = (method: MethodName, event: InvokeEventLike, input: unknown) => guardedCall({ dispatch }, policy, method)(event, input);

    const bad = await call('openShell', fromApp, { fleetId: 'fleet-1; rm -rf /', computeName: 'x' });
    assert.equal(!bad.ok && bad.error.code, 'InvalidInput');
    const extra = await call('listFleets', fromApp, { refresh: true, sneaky: 1 });
    assert.equal(!extra.ok && extra.error.code, 'InvalidInput', 'unknown keys are refused (strict schemas)');
    const status = await call('getStatus', fromApp, {});
    assert.ok(status.ok && (status.value as { sandbox: boolean }).sandbox);
    const refused = await call('getStatus', fromElsewhere, {});
    assert.equal(!refused.ok && refused.error.code, 'AccessDenied');
  } finally {
    await daemon.stop();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
