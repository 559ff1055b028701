// The one validation point, on its own: unknown methods and bad input are InvalidInput before any
// handler runs; a handler's DaemonError crosses as-is; anything else is a generic Internal error
// (details go to the daemon's log, whose file the error names, never out); results must match their schema.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDispatcher } from '../../../main/daemon/api/dispatcher';
import type { DaemonApi } from '../../../main/daemon/daemon';
import { DaemonError } from '../../../main/daemon/errors';
import { fileLogger } from '../../../main/daemon/log/logger';

function dispatcherWith(handlers: Partial<DaemonApi>) {
  const calls: string[] = [];
  const logFile = join(mkdtempSync(join(tmpdir(), 'dispatcher-log-')), 'daemon.log');
  const logged = () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  const api = new Proxy(handlers, {
    get: (target, name: string) => {
      const handler = target[name as keyof DaemonApi];
      return handler ? (input: unknown) => (calls.push(name), (handler as (i: unknown) => unknown)(input)) : undefined;
    },
  }) as DaemonApi;
  return { dispatch: createDispatcher(api, fileLogger({ file: logFile })), calls, logged, logFile };
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
  const { dispatch, logged, logFile } = dispatcherWith({
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
  assert.ok(internal.error.message.endsWith(`see its log for details: ${logFile}`), internal.error.message);
  const lines = logged();
  assert.equal(lines.length, 1, 'one line, for the internal error only (the DaemonError is the caller\'s)');
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR \[api\] internal error in listSessions method=listSessions error=".*secret-ish detail at \/home\/user\/file\.ts:12/);
  assert.match(lines[0]!, /dispatcher\.test\.ts/, 'with the stack');
});

test('a result that breaks its schema is not sent', async () => {
  const { dispatch } = dispatcherWith({ getStatus: async () => ({ version: 1 }) as never });
  const result = await dispatch('getStatus', {});
  assert.ok(!result.ok && result.error.code === 'Internal');
});
