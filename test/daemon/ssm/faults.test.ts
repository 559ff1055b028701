// Every fault knob of the emulated agent and service, survived with no byte lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { startShellSession } from '../../../main/daemon/ssm/shell-session';
import type { ShellExit } from '../../../main/daemon/ssm/shell-session';
import type { AgentFaults } from '../../emulator/agent/faults';
import { startStandIn, TARGET } from './support/aws-stand-in';
import type { StandIn } from './support/aws-stand-in';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from './support/tcp';

const MiB = 1024 * 1024;

/** Runs `size` bytes both ways through a forward while the agent applies `faults`. */
async function echoThroughFaults(faults: AgentFaults, size = 4 * MiB, configure?: (aws: StandIn) => void): Promise<{ aws: StandIn; states: string[] }> {
  const echo = await startTcpService({ echo: true });
  const aws = await startStandIn({ spec: { faults, resolvePort: () => ({ host: '127.0.0.1', port: echo.port }) } });
  try {
    const forward = await startPortForward({
      ssm: aws.ssm('AKIDFIRST'),
      target: TARGET,
      remotePort: 80,
      refreshSsmClient: async () => aws.ssm('AKIDRENEWED'),
    });
    const states: string[] = [];
    const t0 = Date.now();
    forward.on('state', (s) => { states.push(s); if (process.env.DEBUG_FAULTS) console.log(Date.now() - t0, s); });
    configure?.(aws);
    const data = randomPayload(size);
    const got = await echoRoundTrip(forward.localPort, data, 120_000);
    assert.equal(got.bytes, data.length);
    assert.equal(got.digest, sha256(data), 'every byte arrives, once, in order');
    await forward.close();
    return { aws, states };
  } finally {
    await aws.close();
    await echo.close();
  }
}

test('WebSocket killed mid-transfer: ResumeSession, same StreamUrl, nothing lost either way', async () => {
  const { aws, states } = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'kill' } });
  assert.ok(aws.calls.includes('ResumeSession'));
  assert.deepEqual(states.slice(0, 2), ['reconnecting', 'connected']);
});

test('close 1000 "Bye" mid-transfer (the hourly recycle): resumed, nothing lost', async () => {
  const { aws } = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'bye' } });
  assert.ok(aws.calls.includes('ResumeSession'));
});

test('recycled every 250 ms for the whole transfer', async () => {
  const { aws } = await echoThroughFaults({ recycleEveryMs: 250 }, 8 * MiB);
  assert.ok(aws.calls.filter((c) => c === 'ResumeSession').length >= 1);
});

test('acks withheld for a while: the client retransmits and the transfer completes', async () => {
  await echoThroughFaults({ withholdAcksMs: 700 });
});

test('reordered and duplicated agent frames are delivered once, in order', async () => {
  await echoThroughFaults({ reorder: { probability: 0.05 }, duplicate: { probability: 0.05 }, seed: 7 });
});

test('expired credentials at ResumeSession: fresh ones are fetched and the session resumes', async () => {
  const { aws } = await echoThroughFaults({ dropAfterBytes: { bytes: 300_000, how: 'kill' } }, 2 * MiB, (stand) => stand.expiredKeys.add('AKIDFIRST'));
  const resumes = aws.calls.filter((c) => c === 'ResumeSession').length;
  assert.ok(resumes >= 2, 'the first ResumeSession was refused, the one with renewed credentials succeeded');
});

test('idle timeout ends a shell cleanly with the service reason', async () => {
  const aws = await startStandIn({ spec: { faults: { idleTimeoutMs: 400 } } });
  try {
    const session = await startShellSession({ ssm: aws.ssm(), target: TARGET });
    const exit = await new Promise<ShellExit>((resolve) => session.once('exit', resolve));
    assert.equal(exit.by, 'service');
    assert.match(exit.reason, /timed out|inactiv/i);
  } finally {
    await aws.close();
  }
});
