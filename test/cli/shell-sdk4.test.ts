// `gamelift-connect shell` on a server SDK 4 Linux instance: the daemon the command starts routes
// it to GetInstanceAccess and ssh2, here to a real local OpenSSH (test/support/sshd.ts) that
// accepts the key the emulator issues. The fleet's SSH port is closed at first: --open-port lets
// the daemon open it for this machine's /32 while the session lasts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeFleetPortSettingsCommand, GameLiftClient } from '@aws-sdk/client-gamelift';
import { assertPrivateKeyring } from '../support/keyring';
import { startSdk4Linux, type Sdk4Linux } from './sdk4-linux';

const SDK4_FLEET = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

let sdk4: Sdk4Linux;
before(async () => {
  assertPrivateKeyring();
  sdk4 = await startSdk4Linux();
});
after(() => sdk4?.stop());

const sshRules = async () => {
  const gamelift = new GameLiftClient({ region: sdk4.emulator.region, endpoint: sdk4.emulator.gameliftEndpoint, credentials: sdk4.emulator.credentials });
  try {
    return ((await gamelift.send(new DescribeFleetPortSettingsCommand({ FleetId: SDK4_FLEET }))).InboundPermissions ?? []).filter((r) => r.FromPort === 22);
  } finally {
    gamelift.destroy();
  }
};

test('shell on an SDK 4 Linux instance: a closed SSH port fails saying how to open it', async () => {
  const run = sdk4.run(['shell', SDK4_FLEET, INSTANCE]);
  assert.equal(await run.exit, 1);
  assert.match(run.stderr(), /^gamelift-connect: Fleet .+ does not allow 127\.0\.0\.1 on port 22\.\n {2}Run again with --open-port .+\n$/);
  assert.deepEqual(await sshRules(), [], 'nothing was opened');
});

test('shell --open-port on an SDK 4 Linux instance: SSH to the instance, the remote exit status is the CLI\'s, the rule is revoked after', async () => {
  const run = sdk4.run(['shell', SDK4_FLEET, INSTANCE, '--open-port']);
  run.child.stdin.write('echo "sdk4-$((6*7)) as $(id -un)"\nexit 3\n');
  assert.equal(await run.exit, 3, run.stderr());
  assert.match(run.stdout(), new RegExp(`sdk4-42 as ${sdk4.sshd.user}`));
  assert.deepEqual(await sshRules(), [], 'the /32 rule the session opened is gone');
});
