// The AWS-error mapping's game session cases (main/daemon/aws/errors.ts), as GameLift words them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapAwsError } from '../../../main/daemon/aws/errors';

const gameSessionId = 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-42';
const ctx = (operation: string) => ({ service: 'gamelift' as const, operation, gameSessionId, region: 'us-west-2', profile: null });
const awsErr = (name: string, message = '') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

test('game session refusals name the game session and say what to do', () => {
  const status = mapAwsError(awsErr('InvalidGameSessionStatusException', 'Game session is in status TERMINATED'), ctx('TerminateGameSession'));
  assert.deepEqual([status.code, status.message], ['InvalidInput', 'Game session gsess-42 cannot be ended in its current status (it is ending or has ended).']);
  assert.equal(mapAwsError(awsErr('NotReadyException'), ctx('TerminateGameSession')).code, 'FleetNotReady');
  const sdk4 = mapAwsError(awsErr('InvalidRequestException', 'TerminateGameSession requires a game server integrated with server SDK 5.x or later'), ctx('TerminateGameSession'));
  assert.equal(sdk4.code, 'Unsupported');
  assert.match(sdk4.hint ?? '', /SDK 5\.x/);
  const missing = mapAwsError(awsErr('NotFoundException', 'Game session not found.'), ctx('DescribeGameSessions'));
  assert.deepEqual([missing.code, missing.message], ['NotFound', 'Game session gsess-42 was not found in us-west-2.']);
  const noLog = mapAwsError(awsErr('NotFoundException', 'No logs for game session: logs are stored when a game session ends.'), ctx('GetGameSessionLogUrl'));
  assert.deepEqual([noLog.code, noLog.message], ['NotFound', 'GameLift has no log for game session gsess-42.']);
  // Without a game session, the fleet wording is unchanged.
  assert.match(mapAwsError(awsErr('NotFoundException'), { service: 'gamelift', operation: 'DescribeFleetEvents', fleetId: 'fleet-1' }).message, /^Fleet fleet-1 was not found/);
});

test('an invalid or expired page token is no credentials problem', () => {
  const e = mapAwsError(awsErr('InvalidRequestException', 'Invalid NextToken: it is malformed, expired or belongs to a different request.'), { service: 'gamelift', operation: 'DescribeFleetEvents' });
  assert.equal(e.code, 'InvalidInput');
  assert.match(e.message, /page token of DescribeFleetEvents/);
  assert.equal(mapAwsError(awsErr('ExpiredTokenException', 'The security token included in the request is expired'), { service: 'gamelift', operation: 'X' }).code, 'CredentialsExpired');
});
