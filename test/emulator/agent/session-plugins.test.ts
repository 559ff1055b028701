import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portMode, smuxKeepAliveFor } from '../../../emulator/agent/session-plugins';

const forwarding = { portNumber: '80', type: 'LocalPortForwarding' as const, localPortNumber: '0' };

test('mux needs LocalPortForwarding, a client at least 1.1.70 and an agent newer than 3.0.196.0', () => {
  assert.equal(portMode(forwarding, '1.2.650.0', '3.3.808.0'), 'mux');
  assert.equal(portMode(forwarding, '1.1.70.0', '3.0.197.0'), 'mux');
  assert.equal(portMode(forwarding, '1.1.69.0', '3.3.808.0'), 'basic');
  assert.equal(portMode(forwarding, '1.2.650.0', '3.0.196.0'), 'basic');
  assert.equal(portMode(forwarding, undefined, '3.3.808.0'), 'basic', 'no ClientVersion counts as old');
  assert.equal(portMode({ portNumber: '22' }, '1.2.650.0', '3.3.808.0'), 'basic', 'AWS-StartSSHSession has no type');
});

test('smux keepalive only for clients at or below 1.2.331.0', () => {
  assert.equal(smuxKeepAliveFor('1.2.331.0'), true);
  assert.equal(smuxKeepAliveFor('1.2.0.0'), true);
  assert.equal(smuxKeepAliveFor(undefined), true);
  assert.equal(smuxKeepAliveFor('1.2.332.0'), false);
});
