import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtoEstimator } from '../../../main/daemon/ssm/rto';

test('starts at 200 ms and follows Jacobson/Karels with the spec constants', () => {
  const rto = new RtoEstimator();
  assert.equal(rto.rtoMs, 200);
  rto.sample(20);
  // RTTVAR = 0.75*0 + 0.25*|100-20| = 20; SRTT = 0.875*100 + 0.125*20 = 90; RTO = 90 + max(10, 80)
  assert.equal(rto.srttMs, 90);
  assert.equal(rto.rtoMs, 170);
});

test('never goes under SRTT + 10 ms nor over 1 s', () => {
  const fast = new RtoEstimator();
  for (let i = 0; i < 200; i++) fast.sample(1);
  assert.ok(fast.rtoMs >= fast.srttMs + 10 - 1e-9);
  assert.ok(fast.rtoMs < 15);
  const slow = new RtoEstimator();
  for (let i = 0; i < 50; i++) slow.sample(5000);
  assert.equal(slow.rtoMs, 1000);
});
