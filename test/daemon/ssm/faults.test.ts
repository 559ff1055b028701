// Every fault knob of the emulated agent and service, survived with no byte lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { startShellSession } from '../../../main/daemon/ssm/shell-session';
import type { ShellExit } from '../../../main/daemon/ssm/shell-session';
import type { AgentFaults } from '../../../emulator/agent/faults';
import type { ReliableChannelOptions } from '../../../main/daemon/ssm/reliable-channel';
import { REMOTE_PORT, startCompute, TARGET } from './support/emulated-compute';
import type { EmulatedCompute } from './support/emulated-compute';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from '../../support/tcp-service';

const MiB = 1024 * 1024;

interface FaultRun {
  states: string[];
  renewals: number;
}

/** Sends `size` bytes both ways through a forward while the agent applies `faults` (armed once the forward is up). */
async function echoThroughFaults(
  faults: AgentFaults,
  size = 4 * MiB,
  beforeTransfer?: (compute: EmulatedCompute) => void,
  pacingMs = 0,
  reliability: ReliableChannelOptions = {},
): Promise<FaultRun> {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port, agent: { pacingMs } });
  try {
    const source = await compute.renewableSsm();
    const forward = await startPortForward({ ssm: source.ssm, target: TARGET, remotePort: REMOTE_PORT, reliability });
    const states: string[] = [];
    forward.on('state', (s) => states.push(s));
    compute.emulator.agent.setSessionFaults(forward.sessionId, faults);
    beforeTransfer?.(compute);
    const data = randomPayload(size);
    const got = await echoRoundTrip(forward.localPort, data, 120_000);
    assert.equal(got.bytes, data.length);
    assert.equal(got.digest, sha256(data), 'every byte arrives, once, in order');
    await forward.close();
    return { states, renewals: source.refreshes() };
  } finally {
    await compute.close();
    await echo.close();
  }
}

test('WebSocket killed mid-transfer: ResumeSession, same StreamUrl, nothing lost either way', async () => {
  const run = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'kill' } });
  assert.deepEqual(run.states.slice(0, 2), ['reconnecting', 'connected']);
});

test('close 1000 "Bye" mid-transfer (the hourly recycle): resumed, nothing lost', async () => {
  const run = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'bye' } });
  assert.deepEqual(run.states.slice(0, 2), ['reconnecting', 'connected']);
});

test('recycled every 250 ms for the whole transfer', async () => {
  const run = await echoThroughFaults({ recycleEveryMs: 250 }, 8 * MiB);
  assert.ok(run.states.filter((s) => s === 'reconnecting').length >= 1);
});

test('acks withheld for a while: the client retransmits and the transfer completes', async () => {
  await echoThroughFaults({ withholdAcksMs: 700 });
});

test('a link that carries no acks for stallMs is replaced (half-open detection), nothing lost', async () => {
  const run = await echoThroughFaults({ withholdAcksMs: 1500 }, MiB, undefined, 0, { stallMs: 400 });
  assert.ok(run.states.includes('reconnecting'), 'the silent socket was replaced');
});

test('reordered and duplicated agent frames are delivered once, in order', async () => {
  await echoThroughFaults({ reorder: { probability: 0.05 }, duplicate: { probability: 0.05 }, seed: 7 });
});

test('pause_publication for a while, then start_publication: transmissions held, then resumed, nothing lost', async () => {
  await echoThroughFaults({ pausePublicationMs: 600 });
});

test('credentials expired when the WebSocket drops: fresh ones are issued and the session resumes', async () => {
  // Paced like the real agent: fewer frames in flight die with the socket, so recovery is quick.
  const run = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'kill' } }, MiB, (compute) => compute.emulator.setFaults({ expireCredentialsNow: true }), 1);
  assert.equal(run.renewals, 1);
  assert.deepEqual(run.states.slice(0, 2), ['reconnecting', 'connected']);
});

test('idle timeout ends a shell cleanly with the service reason', async () => {
  const compute = await startCompute({ idleTimeoutMs: 400 });
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET });
    const exit = await new Promise<ShellExit>((resolve) => session.once('exit', resolve));
    assert.equal(exit.by, 'service');
    assert.match(exit.reason, /timed out|inactiv/i);
  } finally {
    await compute.close();
  }
});
