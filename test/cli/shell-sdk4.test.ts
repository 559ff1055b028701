// `gamelift-connect shell` on a server SDK 4 Linux instance: the daemon the command starts routes
// it to GetInstanceAccess and ssh2, here to a real local OpenSSH (test/support/sshd.ts) that
// accepts the key the emulator issues. The fleet's SSH port is closed at first: --open-port lets
// the daemon open it for this machine's /32 while the session lasts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeFleetPortSettingsCommand, GameLiftClient } from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { startSshd, type Sshd } from '../support/sshd';
import { runCliProcess } from './cli-process';

const SDK4_FLEET = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

let sshd: Sshd;
let emulator: Emulator;
let sshEnv: Record<string, string>;
before(async () => {
  assertPrivateKeyring();
  sshd = await startSshd();
  emulator = await startEmulator({ sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } });
  // The daemon's documented overrides (docs/daemon.md): where a direct session really connects,
  // and this machine's address for the /32 rule.
  sshEnv = {
    GAMELIFT_CONNECT_SSH_HOST: sshd.host,
    GAMELIFT_CONNECT_SSH_PORT: String(sshd.port),
    GAMELIFT_CONNECT_SSH_USER: sshd.user,
    GAMELIFT_CONNECT_CLIENT_ADDRESS: '127.0.0.1',
  };
});
after(async () => {
  await emulator?.close();
  await sshd?.stop();
});

const sshRules = async () => {
  const gamelift = new GameLiftClient({ region: emulator.region, endpoint: emulator.gameliftEndpoint, credentials: emulator.credentials });
  try {
    return ((await gamelift.send(new DescribeFleetPortSettingsCommand({ FleetId: SDK4_FLEET }))).InboundPermissions ?? []).filter((r) => r.FromPort === 22);
  } finally {
    gamelift.destroy();
  }
};

test('shell on an SDK 4 Linux instance: a closed SSH port fails saying how to open it', async () => {
  const run = runCliProcess(emulator, ['shell', SDK4_FLEET, INSTANCE], sshEnv);
  assert.equal(await run.exit, 1);
  assert.match(run.stderr(), /^gamelift-connect: Fleet .+ does not allow 127\.0\.0\.1 on port 22\.\n {2}Run again with --open-port .+\n$/);
  assert.deepEqual(await sshRules(), [], 'nothing was opened');
});

test('shell --open-port on an SDK 4 Linux instance: SSH to the instance, the remote exit status is the CLI\'s, the rule is revoked after', async () => {
  const run = runCliProcess(emulator, ['shell', SDK4_FLEET, INSTANCE, '--open-port'], sshEnv);
  run.child.stdin.write('echo "sdk4-$((6*7)) as $(id -un)"\nexit 3\n');
  assert.equal(await run.exit, 3, run.stderr());
  assert.match(run.stdout(), new RegExp(`sdk4-42 as ${sshd.user}`));
  assert.deepEqual(await sshRules(), [], 'the /32 rule the session opened is gone');
});
