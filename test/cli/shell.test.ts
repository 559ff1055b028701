// `gamelift-connect shell` as a child process against the emulator (KMS-encrypted, as the default
// scenario's Session Manager preferences ask). No daemon runs here, so each command starts one
// in-process: its sessions' secrets go to the private test keyring (test/env/session.sh).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { runCliProcess } from './cli-process';
import { waitFor } from '../support/wait';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';

before(() => assertPrivateKeyring());
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

test('shell with piped input: SIGINT reaches the remote program as Ctrl-C instead of ending the CLI', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const run = runCliProcess(emulator, ['shell', FLEET, INSTANCE]);
    run.child.stdin.write('sleep 60; echo "not-$((1+1))-interrupted"\n');
    await waitFor('the sleep to start', () => /sleep 60/.test(run.stdout()), 20_000);
    run.child.kill('SIGINT');
    // The remote pty echoes the Ctrl-C; input typed ahead of it would be flushed with the sleep.
    await waitFor('the remote pty to echo ^C', () => /\^C/.test(run.stdout()), 20_000);
    // Only an interrupted sleep lets this through before the 60 s are up.
    run.child.stdin.write('echo "after-$((40+2))"\nexit\n');
    await waitFor('the shell after Ctrl-C', () => /after-42/.test(run.stdout()), 20_000);
    assert.equal(await run.exit, 0, run.stderr());
    assert.doesNotMatch(run.stdout(), /not-2-interrupted/);
  } finally {
    await emulator.close();
  }
});

const CONTAINER_FLEET = 'containerfleet-2a9c6e1d-0003-4b7f-8e3a-6c1d9f2b0003';
const CONTAINER_COMPUTE = 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001';

test('shell on a container compute enters the game-server container by default; leaving it returns to the host', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    // The daemon types the docker exec into the host shell (the Target GetComputeAccess names); this
    // input follows it. `exit` leaves the container, the second `exit` the host shell.
    const run = runCliProcess(emulator, ['shell', CONTAINER_FLEET, CONTAINER_COMPUTE]);
    run.child.stdin.write('echo "in=$GAMELIFT_EMULATOR_SHELL/$GAMELIFT_EMULATOR_CONTAINER"\nexit\necho "back=$GAMELIFT_EMULATOR_SHELL on $GAMELIFT_EMULATOR_TARGET"\nexit\n');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stdout(), /in=container\/game-server/);
    assert.match(run.stdout(), /back=host on i-0c3f7e4a1d9f50001/);
    const explicit = runCliProcess(emulator, ['shell', CONTAINER_FLEET, CONTAINER_COMPUTE, '--container']);
    explicit.child.stdin.write('echo "in=$GAMELIFT_EMULATOR_SHELL/$GAMELIFT_EMULATOR_CONTAINER"\nexit\nexit\n');
    assert.equal(await explicit.exit, 0, explicit.stderr());
    assert.match(explicit.stdout(), /in=container\/game-server/);
  } finally {
    await emulator.close();
  }
});

test('shell --host on a container compute stays on the instance; an EC2 compute in a remote location runs in its Region', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const host = runCliProcess(emulator, ['shell', CONTAINER_FLEET, CONTAINER_COMPUTE, '--host']);
    host.child.stdin.write('echo "at=$GAMELIFT_EMULATOR_SHELL on $GAMELIFT_EMULATOR_TARGET"\nexit\n');
    assert.equal(await host.exit, 0, host.stderr());
    assert.match(host.stdout(), /at=host on i-0c3f7e4a1d9f50001/);
    assert.doesNotMatch(host.stdout(), /docker exec/, 'no container was entered');
    const remote = runCliProcess(emulator, ['shell', 'fleet-2a9c6e1d-0007-4b7f-8e3a-6c1d9f2b0007', 'i-0f6cab7d4a2c80003']);
    remote.child.stdin.write('echo "at=$GAMELIFT_EMULATOR_LOCATION"\nexit\n');
    assert.equal(await remote.exit, 0, remote.stderr());
    assert.match(remote.stdout(), /at=us-east-1/);
  } finally {
    await emulator.close();
  }
});

test('shell: --container and --host together are a usage error', async () => {
  const emulator = await startEmulator();
  try {
    const run = runCliProcess(emulator, ['shell', CONTAINER_FLEET, CONTAINER_COMPUTE, '--container', '--host']);
    assert.equal(await run.exit, 2);
    assert.match(run.stderr(), /--container and --host exclude each other/);
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
    assert.match(run.stderr(), /^gamelift-connect: Your AWS credentials were rejected as expired or invalid \(ListFleets\)\.\n {2}.+\n$/);
  } finally {
    await emulator.close();
  }
});
