// `gamelift-connect forward` as a child process against the emulator and a real TCP service; with
// no daemon running, each command starts one in-process (secrets in the private test keyring).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { runCliProcess } from './cli-process';
import { waitFor } from '../support/wait';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from '../support/tcp-service';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';

before(() => assertPrivateKeyring());

test('forward --json prints the local port first, carries traffic, and Ctrl-C ends the session', async () => {
  const echo = await startTcpService({ echo: true });
  const emulator = await startEmulator({ agent: { pacingMs: 0 }, ports: { [INSTANCE]: { 7777: { host: '127.0.0.1', port: echo.port } } } });
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '7777', '--json']);
    await waitFor('the first stdout line', () => run.stdout().includes('\n'), 20_000);
    const first = JSON.parse(run.stdout().split('\n')[0]!) as { localPort: number; sessionId: string };
    assert.ok(first.localPort > 0);
    const data = randomPayload(1024 * 1024);
    assert.equal((await echoRoundTrip(first.localPort, data)).digest, sha256(data));
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(first.sessionId, /^gc-/, 'the daemon\'s session ID, the one `gamelift-connect end` takes');
    // The session ended on the service too: nothing is left running there.
    const started = emulator.sessions.all();
    assert.equal(started.length, 1);
    for (const record of started) assert.match(emulator.sessions.status(record), /^Terminat/);
  } finally {
    await emulator.close();
    await echo.close();
  }
});

test('forward: a session the service ends (terminated elsewhere) ends the command, saying why (exit 0, as the plugin)', async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '7777', '--json']);
    await waitFor('the first stdout line', () => run.stdout().includes('\n'), 20_000);
    const [record] = emulator.sessions.all();
    assert.ok(record && emulator.agent.terminate(record.sessionId));
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stderr(), /^gamelift-connect: .+\n$/);
    assert.doesNotMatch(run.stderr(), /forward ended:/, 'not reported as a failure');
  } finally {
    await emulator.close();
  }
});

test('forward: a taken --local-port fails at once with a clear error and starts no session', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as AddressInfo).port;
  const emulator = await startEmulator();
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '22', '--local-port', String(port)]);
    assert.equal(await run.exit, 1);
    assert.match(run.stderr(), new RegExp(`Local port ${port} on 127.0.0.1 is already in use`));
    assert.deepEqual(emulator.sessions.all(), [], 'no session was started');
  } finally {
    blocker.close();
    await emulator.close();
  }
});

test('forward: a bad remote port is a usage error', async () => {
  const emulator = await startEmulator();
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '70000']);
    assert.equal(await run.exit, 2);
    assert.match(run.stderr(), /remote port must be a number from 1 to 65535/);
  } finally {
    await emulator.close();
  }
});
