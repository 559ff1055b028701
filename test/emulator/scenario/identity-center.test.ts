import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario, parseScenario } from '../../../emulator/index';
import { defaultIdentityCenter } from '../../../emulator/scenario/identity-center';
import { Directory } from '../../../emulator/sso/directory';

describe('the scenario\'s identityCenter', () => {
  test('the default scenario has users with different access in two accounts', () => {
    const directory = new Directory(loadScenario().identityCenter!);
    assert.deepEqual(directory.accountsOf('developer').map((a) => a.accountId), ['111122223333', '210987654321']);
    assert.deepEqual(directory.rolesOf('viewer', '111122223333').map((p) => p.name), ['GameLiftReadOnly']);
    assert.deepEqual(directory.rolesOf('viewer', '210987654321'), []);
    assert.equal(directory.user(' Developer ')?.userName, 'developer', 'user names are case-insensitive at sign-in');
    assert.equal(directory.user('mallory'), undefined);
  });

  test('assignments naming an unknown user, account or permission set fail to load, each named', () => {
    const scenario = JSON.parse(JSON.stringify(loadScenario())) as Record<string, unknown> & { identityCenter: { assignments: unknown[] } };
    scenario.identityCenter.assignments.push({ userName: 'ghost', accountId: '999999999999', permissionSet: 'Nope' });
    assert.throws(() => parseScenario(scenario), (error: Error) => /unknown user ghost/.test(error.message) && /unknown account 999999999999/.test(error.message) && /unknown permission set Nope/.test(error.message));
  });

  test('without identityCenter, one developer with full GameLift access to the scenario\'s account', () => {
    const spec = defaultIdentityCenter('123456789012', 'eu-west-1');
    const directory = new Directory(spec);
    assert.equal(spec.region, 'eu-west-1');
    assert.deepEqual(directory.rolesOf('developer', '123456789012').map((p) => p.allowedActions), [['gamelift:*']]);
  });

  test('permission sets become AWSReservedSSO_<name>_<16 hex> roles, stable per account', () => {
    const name = Directory.iamRoleName('111122223333', 'GameLiftAdmin');
    assert.match(name, /^AWSReservedSSO_GameLiftAdmin_[0-9a-f]{16}$/);
    assert.equal(Directory.iamRoleName('111122223333', 'GameLiftAdmin'), name);
    assert.notEqual(Directory.iamRoleName('210987654321', 'GameLiftAdmin'), name);
  });
});
