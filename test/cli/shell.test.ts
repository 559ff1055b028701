// `gamelift-connect shell` as a child process against the emulator (KMS-encrypted, as the default
// scenario's Session Manager preferences ask).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index';
import { runCliProcess } from './cli-process';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';

test('shell runs piped commands on the compute and exits 0 when the shell exits', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const run = runCliProcess(emulator, ['shell', FLEET, INSTANCE]);
    run.child.stdin.write('echo "cli-$((6*7))"\nexit\n');
    const code = await run.exit;
    assert.equal(code, 0, run.stderr());
    assert.match(run.stdout(), /cli-42/);
  } finally {
    await emulator.close();
  }
});

test('shell: piped input that ends without "exit" ends the session (Ctrl-D at the prompt)', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const run = runCliProcess(emulator, ['shell', FLEET, INSTANCE]);
    run.child.stdin.end('echo "piped-$((5*5))"\n');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stdout(), /piped-25/);
  } finally {
    await emulator.close();
  }
});

test('shell reaches a container compute (Target from GetComputeAccess) and a remote location (its Region)', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const container = runCliProcess(emulator, ['shell', 'containerfleet-2a9c6e1d-0003-4b7f-8e3a-6c1d9f2b0003', 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001']);
    // As on AWS the session lands on the host; the game server container is a docker exec away.
    container.child.stdin.write(
      'echo "at=$GAMELIFT_EMULATOR_SHELL on $GAMELIFT_EMULATOR_TARGET"\n' +
        'sudo docker exec -it 9bb6955310c7 sh\n' +
        'echo "in=$GAMELIFT_EMULATOR_SHELL/$GAMELIFT_EMULATOR_CONTAINER"\nexit\n' +
        'echo "back=$GAMELIFT_EMULATOR_SHELL"\nexit\n',
    );
    assert.equal(await container.exit, 0, container.stderr());
    assert.match(container.stdout(), /at=host on i-0c3f7e4a1d9f50001/);
    assert.match(container.stdout(), /in=container\/game-server/);
    assert.match(container.stdout(), /back=host/);
    const remote = runCliProcess(emulator, ['shell', 'fleet-2a9c6e1d-0007-4b7f-8e3a-6c1d9f2b0007', 'i-0f6cab7d4a2c80003']);
    remote.child.stdin.write('echo "at=$GAMELIFT_EMULATOR_LOCATION"\nexit\n');
    assert.equal(await remote.exit, 0, remote.stderr());
    assert.match(remote.stdout(), /at=us-east-1/);
  } finally {
    await emulator.close();
  }
});

test('shell: a malformed fleet id is a usage error (exit 2), an unknown fleet a clear failure (exit 1)', async () => {
  const emulator = await startEmulator();
  try {
    const malformed = runCliProcess(emulator, ['shell', 'not-a-fleet', INSTANCE]);
    assert.equal(await malformed.exit, 2);
    assert.match(malformed.stderr(), /"not-a-fleet" is not a fleet ID/);
    const unknown = runCliProcess(emulator, ['shell', 'fleet-00000000-0000-0000-0000-000000000000', INSTANCE]);
    assert.equal(await unknown.exit, 1);
    assert.match(unknown.stderr(), /^gamelift-connect: .*not found/im);
    assert.equal(unknown.stderr().trim().split('\n').length <= 2, true, 'one line and a hint');
  } finally {
    await emulator.close();
  }
});

test('shell: rejected AWS credentials are one clear line and a hint (exit 1)', async () => {
  const emulator = await startEmulator();
  try {
    const wrongSecret = { ...emulator, credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: 'not-the-secret' } };
    const run = runCliProcess(wrongSecret, ['shell', FLEET, INSTANCE]);
    assert.equal(await run.exit, 1);
    assert.match(run.stderr(), /^gamelift-connect: Your AWS credentials were rejected as expired or invalid \(DescribeCompute\)\.\n {2}.+\n$/);
  } finally {
    await emulator.close();
  }
});
