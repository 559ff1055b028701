import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RttEstimator } from './rtt-estimator';

test('RTT estimator: the spec constants and update order', () => {
  const rtt = new RttEstimator();
  assert.deepEqual([rtt.srtt, rtt.rttvar, rtt.rto], [100, 0, 200]);
  rtt.sample(20);
  // RTTVAR first, with the old SRTT: 0.75·0 + 0.25·|100 − 20| = 20; SRTT = 0.875·100 + 0.125·20 = 90.
  assert.equal(rtt.rttvar, 20);
  assert.equal(rtt.srtt, 90);
  assert.equal(rtt.rto, 90 + 80);
  for (let i = 0; i < 200; i++) rtt.sample(0);
  assert.ok(Math.abs(rtt.rto - 10) < 0.01, 'floors at SRTT + G (10 ms)');
  for (let i = 0; i < 50; i++) rtt.sample(5000);
  assert.equal(rtt.rto, 1000, 'capped at 1 s');
});
