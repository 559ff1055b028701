import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isThrottling, mapAwsError } from '../../../main/daemon/aws/errors';

const ctx = { service: 'gamelift' as const, operation: 'GetComputeAccess', fleetId: 'fleet-1', region: 'us-west-2', profile: 'dev' };
const awsErr = (name: string, message = '', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

test('a denial names the missing permission', () => {
  const e = mapAwsError(awsErr('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized'), ctx);
  assert.equal(e.code, 'AccessDenied');
  assert.match(e.hint ?? '', /"gamelift:GetComputeAccess"/);
  assert.match(e.message, /fleet-1/);
});

test('expired credentials suggest signing in again with the profile', () => {
  const e = mapAwsError(awsErr('ExpiredTokenException', 'The security token included in the request is expired'), ctx);
  assert.equal(e.code, 'CredentialsExpired');
  assert.match(e.hint ?? '', /aws sso login --profile dev/);
});

test('throttling, unknown fleets, fleet states, missing credentials, network and server faults', () => {
  assert.equal(mapAwsError(awsErr('ThrottlingException'), ctx).code, 'Throttled');
  assert.equal(mapAwsError(awsErr('NotFoundException', 'no fleet'), ctx).code, 'NotFound');
  assert.equal(mapAwsError(awsErr('InvalidFleetStatusException', 'fleet is ACTIVATING'), ctx).code, 'FleetNotReady');
  assert.equal(mapAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), ctx).code, 'NoCredentials');
  assert.equal(mapAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), ctx).code, 'Unreachable');
  assert.equal(mapAwsError(awsErr('InternalServiceException', '', 500), ctx).code, 'Unreachable');
  assert.equal(mapAwsError(awsErr('InvalidRequestException', 'Anywhere fleets are not supported'), ctx).code, 'InvalidInput');
  const state = mapAwsError(awsErr('InvalidRequestException', 'Fleet fleet-1 is DELETING; remote access needs an ACTIVE fleet.'), ctx);
  assert.equal(state.code, 'FleetNotReady');
  assert.match(state.hint ?? '', /DELETING/);
});

test('every name AWS throttles with counts as throttling (the access broker retries these)', () => {
  for (const name of ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']) {
    assert.equal(isThrottling(Object.assign(new Error('slow down'), { name })), true, name);
  }
  assert.equal(isThrottling(Object.assign(new Error('no'), { name: 'AccessDeniedException' })), false);
  assert.equal(isThrottling(null), false);
});
