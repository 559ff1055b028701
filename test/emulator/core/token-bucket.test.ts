import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorClock } from '../../../emulator/core/clock';
import { RateLimiter } from '../../../emulator/core/token-bucket';

test('a burst, then refill at the sustained rate', async () => {
  const limiter = new RateLimiter(new EmulatorClock(), () => ({ burst: 2, perSecond: 10 }));
  assert.deepEqual([limiter.tryTake('acct', 'Op'), limiter.tryTake('acct', 'Op'), limiter.tryTake('acct', 'Op')], [true, true, false]);
  await sleep(120);
  assert.equal(limiter.tryTake('acct', 'Op'), true);
  assert.equal(limiter.tryTake('acct', 'Op'), false);
});

test('buckets are per account and per operation', () => {
  const limiter = new RateLimiter(new EmulatorClock(), () => ({ burst: 1, perSecond: 0.001 }));
  assert.equal(limiter.tryTake('a', 'Op'), true);
  assert.equal(limiter.tryTake('a', 'Op'), false);
  assert.equal(limiter.tryTake('b', 'Op'), true);
  assert.equal(limiter.tryTake('a', 'Other'), true);
});

test('the time scale speeds up refill; reset refills everything', async () => {
  const limiter = new RateLimiter(new EmulatorClock(100), () => ({ burst: 1, perSecond: 1 }));
  assert.equal(limiter.tryTake('a', 'Op'), true);
  assert.equal(limiter.tryTake('a', 'Op'), false);
  await sleep(20); // 2 emulated seconds
  assert.equal(limiter.tryTake('a', 'Op'), true);
  const slow = new RateLimiter(new EmulatorClock(), () => ({ burst: 1, perSecond: 0.001 }));
  slow.tryTake('a', 'Op');
  slow.reset();
  assert.equal(slow.tryTake('a', 'Op'), true);
});
