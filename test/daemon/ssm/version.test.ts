import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentThresholds, CLIENT_VERSION, compareVersions, isVersionGreater } from '../../../main/daemon/ssm/version';

test('versions compare part by part, numerically', () => {
  assert.equal(compareVersions('3.1.1511.0', '3.1.1511.0'), 0);
  assert.equal(compareVersions('3.1.1575.0', '3.1.1511.0'), 1);
  assert.equal(compareVersions('3.0.196.0', '3.0.1124.0'), -1);
  assert.equal(isVersionGreater('3.3.808.0', AgentThresholds.mux), true);
});

test('different part counts or non-numeric parts are not comparable, so never greater', () => {
  assert.equal(compareVersions('3.3', '3.0.196.0'), null);
  assert.equal(isVersionGreater('4.0', AgentThresholds.mux), false);
  assert.equal(isVersionGreater('3.x.1.0', AgentThresholds.mux), false);
});

test('our client version turns on smux and turns the agent keepalive off', () => {
  assert.equal(isVersionGreater(CLIENT_VERSION, '1.1.70.0'), true);
  assert.equal(isVersionGreater(CLIENT_VERSION, '1.2.331.0'), true);
});
