import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, versionAbove, versionAtLeast } from '../../../emulator/agent/versions';

test('versions: numeric parts, missing parts are 0, non-numeric is unknown (treated as old)', () => {
  assert.equal(compareVersions('1.2.650.0', '1.2.331.0')! > 0, true);
  assert.equal(compareVersions('1.1.70', '1.1.70.0'), 0);
  assert.equal(compareVersions('1.2.0.0-beta', '1.0'), null);
  assert.equal(versionAtLeast('1.1.70.0', '1.1.70'), true);
  assert.equal(versionAtLeast(undefined, '1.1.70'), false);
  assert.equal(versionAbove('3.0.196.0', '3.0.196.0'), false);
  assert.equal(versionAbove('3.0.197.0', '3.0.196.0'), true);
});
