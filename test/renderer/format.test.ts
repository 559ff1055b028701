import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatCountdown, matchesSearch, osLabel, statusLabel } from '../../renderer/src/format';

test('countdowns: m:ss under an hour, h:mm:ss above, rounded up, never negative', () => {
  assert.equal(formatCountdown(0), '0:00');
  assert.equal(formatCountdown(1), '0:01');
  assert.equal(formatCountdown(59_001), '1:00');
  assert.equal(formatCountdown(3_599_000), '59:59');
  assert.equal(formatCountdown(3_600_000 * 2 + 5_000), '2:00:05');
  assert.equal(formatCountdown(-10_000), '0:00');
});

test('bytes in human units', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
});

test('search: every word must match some facet, case-insensitively', () => {
  const facets = ['MyGame prod', 'fleet-123', 'ec2', 'linux', 'ACTIVE', 'sdk5 sdk 5'];
  assert.equal(matchesSearch('', facets), true);
  assert.equal(matchesSearch('prod sdk5', facets), true);
  assert.equal(matchesSearch('PROD windows', facets), false);
  assert.equal(matchesSearch('  active  ', facets), true);
});

test('OS labels prefer GameLift\'s operating system name', () => {
  assert.equal(osLabel('linux', 'AMAZON_LINUX_2023'), 'Amazon Linux 2023');
  assert.equal(osLabel('windows', 'WINDOWS_2022'), 'Windows 2022');
  assert.equal(osLabel('windows'), 'Windows');
  assert.equal(osLabel('unknown'), 'Unknown OS');
});

test('statuses read the same whichever way GameLift spells them', () => {
  assert.equal(statusLabel('ACTIVE'), 'Active');
  assert.equal(statusLabel('Active'), 'Active');
  assert.equal(statusLabel('NOT_FOUND'), 'Not found');
});
