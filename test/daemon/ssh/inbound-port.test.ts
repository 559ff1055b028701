import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admits, cidrContains } from '../../../main/daemon/ssh/inbound-port';

test('CIDR matching', () => {
  assert.ok(cidrContains('203.0.113.7/32', '203.0.113.7'));
  assert.ok(!cidrContains('203.0.113.7/32', '203.0.113.8'));
  assert.ok(cidrContains('203.0.113.0/24', '203.0.113.200'));
  assert.ok(cidrContains('0.0.0.0/0', '198.51.100.1'));
  assert.ok(!cidrContains('garbage', '198.51.100.1'));
});

test('a rule admits a TCP port within its range from an address within its CIDR', () => {
  const rule = { FromPort: 20, ToPort: 25, IpRange: '10.0.0.0/8', Protocol: 'TCP' as const };
  assert.ok(admits(rule, 22, '10.1.2.3'));
  assert.ok(!admits(rule, 26, '10.1.2.3'));
  assert.ok(!admits({ ...rule, Protocol: 'UDP' }, 22, '10.1.2.3'));
  assert.ok(!admits(rule, 22, '11.1.2.3'));
});
