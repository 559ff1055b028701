// The one validation point, on its own: unknown methods and bad input are InvalidInput before any
// handler runs; a handler's DaemonError crosses as-is; anything else is a generic Internal error
// (details go to the daemon's own log hook, never out); results must match their schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDispatcher } from '../../../main/daemon/api/dispatcher';
import type { DaemonApi } from '../../../main/daemon/daemon';
import { DaemonError } from '../../../main/daemon/errors';

function dispatcherWith(handlers: Partial<DaemonApi>) {
  const calls: string[] = [];
  const logged: unknown[] = [];
  const api = new Proxy(handlers, {
    get: (target, name: string) => {
      const handler = target[name as keyof DaemonApi];
      return handler ? (input: unknown) => (calls.push(name), (handler as (i: unknown) => unknown)(input)) : undefined;
    },
  }) as DaemonApi;
  return { dispatch: createDispatcher(api, (_m, err) => logged.push(err)), calls, logged };
}

test('unknown methods and malformed input never reach a handler', async () => {
  const { dispatch, calls } = dispatcherWith({ listFleets: async () => ({ fleets: [] }) });
  assert.equal((await dispatch('constructor', {})).ok, false);
  assert.equal((await dispatch('toString', {})).ok, false);
  const bad = await dispatch('listFleets', { refresh: 'yes' });
  assert.ok(!bad.ok && bad.error.code === 'InvalidInput' && /refresh/.test(bad.error.message));
  assert.deepEqual(calls, []);
});

test('a DaemonError crosses with its code and hint; other errors become a generic Internal', async () => {
  const { dispatch, logged } = dispatcherWith({
    listFleets: async () => {
      throw new DaemonError('AccessDenied', 'not allowed', 'ask for gamelift:ListFleets');
    },
    listSessions: async () => {
      throw new Error('secret-ish detail at /home/user/file.ts:12');
    },
  });
  assert.deepEqual(await dispatch('listFleets', {}), { ok: false, error: { code: 'AccessDenied', message: 'not allowed', hint: 'ask for gamelift:ListFleets' } });
  const internal = await dispatch('listSessions', {});
  assert.ok(!internal.ok && internal.error.code === 'Internal' && !internal.error.message.includes('secret-ish'));
  assert.equal(logged.length, 1, 'the detail goes to the log hook');
});

test('a result that breaks its schema is not sent', async () => {
  const { dispatch } = dispatcherWith({ getStatus: async () => ({ version: 1 }) as never });
  const result = await dispatch('getStatus', {});
  assert.ok(!result.ok && result.error.code === 'Internal');
});
