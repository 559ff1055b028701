import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelays, withRetry } from '../../../main/daemon/ssm/retry';

test('delays start in [100, 200), double, fall back to the first past 5 s, five retries', () => {
  assert.deepEqual(retryDelays(() => 0), [100, 200, 400, 800, 1600]);
  const d = retryDelays(() => 0.99);
  assert.equal(d[0], 199);
  assert.equal(d.length, 5);
  assert.ok(d.every((x) => x >= 100 && x <= 5000));
});

test('withRetry calls six times at most, then throws the last error', async () => {
  let calls = 0;
  await assert.rejects(withRetry(async () => { calls++; throw new Error(`fail ${calls}`); }, { delays: [1, 1, 1, 1, 1] }), /fail 6/);
  assert.equal(calls, 6);
});

test('withRetry stops at once on an error shouldRetry rejects', async () => {
  let calls = 0;
  await assert.rejects(withRetry(async () => { calls++; throw new Error('permanent'); }, { delays: [1, 1], shouldRetry: () => false }));
  assert.equal(calls, 1);
  assert.equal(await withRetry(async (n) => { if (n < 2) throw new Error('again'); return n; }, { delays: [1, 1, 1] }), 2);
});
