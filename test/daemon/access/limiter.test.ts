import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../../main/daemon/access/limiter';

test('a burst of 4 passes at once, then calls queue at 1 per second, in order', async () => {
  const limiter = new RateLimiter({ burst: 4, perSecond: 1 });
  const start = Date.now();
  const done: Array<{ i: number; at: number }> = [];
  await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.run(async () => done.push({ i, at: Date.now() - start }))));
  assert.deepEqual(done.map((d) => d.i), [0, 1, 2, 3, 4, 5]);
  for (const d of done.slice(0, 4)) assert.ok(d.at < 200, `burst call ${d.i} waited ${d.at} ms`);
  assert.ok(done[4]!.at >= 900 && done[4]!.at < 1500, `5th call at ${done[4]!.at} ms`);
  assert.ok(done[5]!.at >= 1900 && done[5]!.at < 2600, `6th call at ${done[5]!.at} ms`);
});

test('a failing call does not fail the queue', async () => {
  const limiter = new RateLimiter({ burst: 1, perSecond: 20 });
  await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await limiter.run(async () => 'next'), 'next');
});
