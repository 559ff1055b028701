// `gamelift-connect forward` under real load, with the agent paced like AWS's (~1 frame per ms each
// way): many connections at once through one forward, each echoing its own random bytes. Before
// the receive side stopped refusing frames (main/daemon/util/read-flow.ts) and the emulated agent
// stopped refusing input for a slow destination, this load could stall for good; a client that
// loses or mixes up bytes between streams fails the digests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/index';
import { runCliProcess } from './cli-process';
import { waitFor } from '../support/wait';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from '../support/tcp-service';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';
const KiB = 1024;
/** At the paced rate each load takes ~70–90 s; a stall shows up as a clear failure well before the file timeout. */
const ECHO_DEADLINE_MS = 240_000;

async function echoLoad(connections: number, bytesEach: number): Promise<void> {
  const echo = await startTcpService({ echo: true });
  const emulator = await startEmulator({ ports: { [INSTANCE]: { 7777: { host: '127.0.0.1', port: echo.port } } } });
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '7777', '--json']);
    await waitFor('the forward to print its port', () => run.stdout().includes('\n'), 20_000);
    const { localPort } = JSON.parse(run.stdout().split('\n')[0]!) as { localPort: number };
    const results = await Promise.all(Array.from({ length: connections }, async () => {
      const data = randomPayload(bytesEach);
      const got = await echoRoundTrip(localPort, data, ECHO_DEADLINE_MS);
      return got.digest === sha256(data) && got.bytes === data.length;
    }));
    assert.equal(results.filter(Boolean).length, connections, 'every connection got exactly its own bytes back');
    assert.equal(echo.connections, connections);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
  } finally {
    await emulator.close();
    await echo.close();
  }
}

test('forward: 50 connections × 1 MiB echo at once through one forward, paced agent: every byte back intact', { timeout: 280_000 }, async () => {
  await echoLoad(50, 1024 * KiB);
});

test('forward: 200 connections × 256 KiB echo at once through one forward, paced agent: every byte back intact', { timeout: 280_000 }, async () => {
  await echoLoad(200, 256 * KiB);
});
