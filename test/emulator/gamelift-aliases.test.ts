// Aliases through the AWS SDK v3 client: ListAliases, DescribeAlias, ResolveAlias.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeAliasCommand, ListAliasesCommand, ResolveAliasCommand, type GameLiftClient } from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';

const LIVE = 'alias-7e1c3b5a-0001-4d2e-9f3a-1b2c3d4e0001';
const RETIRED = 'alias-7e1c3b5a-0002-4d2e-9f3a-1b2c3d4e0002';

let emu: Emulator<RecordingAgent>;
let gl: GameLiftClient;

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent() });
  gl = gameLift(emu);
});
after(() => emu.close());

test('ListAliases lists them all, by routing type and by name, paged', async () => {
  const all = await gl.send(new ListAliasesCommand({}));
  assert.deepEqual(all.Aliases?.map((a) => [a.AliasId, a.Name, a.RoutingStrategy?.Type]), [
    [LIVE, 'arena-live', 'SIMPLE'],
    [RETIRED, 'arena-legacy', 'TERMINAL'],
  ]);
  assert.deepEqual((await gl.send(new ListAliasesCommand({ RoutingStrategyType: 'TERMINAL' }))).Aliases?.map((a) => a.Name), ['arena-legacy']);
  assert.deepEqual((await gl.send(new ListAliasesCommand({ Name: 'arena-live' }))).Aliases?.map((a) => a.AliasId), [LIVE]);
  const first = await gl.send(new ListAliasesCommand({ Limit: 1 }));
  const second = await gl.send(new ListAliasesCommand({ Limit: 1, NextToken: first.NextToken }));
  assert.deepEqual([first.Aliases?.[0]?.AliasId, second.Aliases?.[0]?.AliasId, second.NextToken], [LIVE, RETIRED, undefined]);
});

test('DescribeAlias by ID or ARN, in full shape', async () => {
  const { Alias } = await gl.send(new DescribeAliasCommand({ AliasId: LIVE }));
  assert.deepEqual(Alias, {
    AliasId: LIVE,
    Name: 'arena-live',
    AliasArn: `arn:aws:gamelift:us-west-2:111122223333:alias/${LIVE}`,
    Description: 'Live traffic: points at arena-linux-sdk5',
    RoutingStrategy: { Type: 'SIMPLE', FleetId: fleetId(emu, 'arena-linux-sdk5') },
    CreationTime: new Date('2026-11-02T18:00:00.000Z'),
    LastUpdatedTime: new Date('2026-11-02T18:00:00.000Z'),
  });
  const byArn = await gl.send(new DescribeAliasCommand({ AliasId: Alias!.AliasArn! }));
  assert.deepEqual(byArn.Alias, Alias);
  const retired = await gl.send(new DescribeAliasCommand({ AliasId: RETIRED }));
  assert.deepEqual(retired.Alias?.RoutingStrategy, { Type: 'TERMINAL', Message: 'The legacy arena has been retired. Update your game client to play.' });
});

test('ResolveAlias: a fleet for SIMPLE, TerminalRoutingStrategyException for TERMINAL', async () => {
  const out = await gl.send(new ResolveAliasCommand({ AliasId: LIVE }));
  assert.deepEqual([out.FleetId, out.FleetArn], [fleetId(emu, 'arena-linux-sdk5'), `arn:aws:gamelift:us-west-2:111122223333:fleet/${fleetId(emu, 'arena-linux-sdk5')}`]);
  const terminal = await failure(gl.send(new ResolveAliasCommand({ AliasId: RETIRED })));
  assert.deepEqual([terminal.name, terminal.message, terminal.$metadata?.httpStatusCode], ['TerminalRoutingStrategyException', 'The legacy arena has been retired. Update your game client to play.', 400]);
});

test('errors: unknown alias, an ARN from another account, a malformed ID', async () => {
  assert.equal((await failure(gl.send(new DescribeAliasCommand({ AliasId: 'alias-00000000-0000-4000-8000-000000000000' })))).name, 'NotFoundException');
  assert.equal((await failure(gl.send(new ResolveAliasCommand({ AliasId: `arn:aws:gamelift:us-west-2:999999999999:alias/${LIVE}` })))).name, 'NotFoundException');
  const bad = await failure(gl.send(new DescribeAliasCommand({ AliasId: 'arena-live' })));
  assert.equal(bad.name, 'InvalidRequestException');
  assert.match(bad.message, /at 'aliasId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  const type = await failure(gl.send(new ListAliasesCommand({ RoutingStrategyType: 'ROUND_ROBIN' as 'SIMPLE' })));
  assert.match(type.message, /at 'routingStrategyType' failed to satisfy constraint: Member must satisfy enum value set: \[SIMPLE, TERMINAL\]/);
});
