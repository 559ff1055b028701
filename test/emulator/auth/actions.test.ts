import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowsAction } from '../../../emulator/auth/actions';

test('IAM action patterns: exact, service-wide and prefix wildcards, case-insensitive; nothing else', () => {
  assert.equal(allowsAction(['gamelift:*'], 'gamelift:GetComputeAccess'), true);
  assert.equal(allowsAction(['gamelift:Describe*'], 'gamelift:DescribeFleetAttributes'), true);
  assert.equal(allowsAction(['gamelift:describe*'], 'gamelift:DescribeFleetAttributes'), true);
  assert.equal(allowsAction(['gamelift:Describe*'], 'gamelift:GetComputeAccess'), false);
  assert.equal(allowsAction(['gamelift:ListFleets'], 'gamelift:ListFleetsX'), false);
  assert.equal(allowsAction(['ssm:*'], 'gamelift:ListFleets'), false);
  assert.equal(allowsAction(['gamelift.List*'], 'gamelift:ListFleets'), false, 'a dot is not a wildcard');
  assert.equal(allowsAction([], 'gamelift:ListFleets'), false);
});
