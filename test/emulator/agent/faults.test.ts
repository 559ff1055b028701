import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { IDLE_TIMEOUT_MESSAGE } from '../../../emulator/agent/channel-closed';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { ArmedFaults } from '../../../emulator/agent/faults';
import { openShellSession, shellSpec } from './test-support';

let agent: DataChannelAgent;
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

async function openShell(overrides: Parameters<typeof shellSpec>[0] = {}) {
  const opened = await openShellSession(agent, overrides);
  await opened.peer.waitForText('$ ');
  return opened;
}

const LONG_OUTPUT = 'i=0; while [ $i -lt 200 ]; do echo row-$i-abcdefghijklmnopqrstuvwxyz0123456789; i=$((i+1)); done; echo "FIN""ISHED"\r';

test('selectors are deterministic: every Nth, and seeded probability repeats exactly', () => {
  const nth = new ArmedFaults({ reorder: { everyNth: 3 } });
  assert.deepEqual(Array.from({ length: 7 }, () => nth.pick('reorder')), [false, false, true, false, false, true, false]);
  const run = (seed: number) => {
    const faults = new ArmedFaults({ duplicate: { probability: 0.5 }, seed });
    return Array.from({ length: 32 }, () => faults.pick('duplicate'));
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  assert.equal(new ArmedFaults({}).pick('duplicate'), false);
});

test('withholdAcksMs: no acks for T, then the client resend is acked once and processed once', async () => {
  const { spec, peer } = await openShell();
  agent.setSessionFaults(spec.sessionId, { withholdAcksMs: 600 });
  const bytes = peer.sendOutput('echo held-$((2+5))\r');
  await peer.waitForText('held-7');
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.deepEqual(peer.acked, [], 'processed but not acked');
  await new Promise((resolve) => setTimeout(resolve, 500));
  peer.sendRaw(bytes); // what a client's resend scheduler would do
  await peer.waitFor(() => peer.acked.includes(0), 2000, 'the ack after the window');
  assert.ok(agent.inspect(spec.sessionId)!.stats.acksWithheld >= 1);
  assert.equal(peer.text().split('held-7').length - 1, 1);
  agent.terminate(spec.sessionId);
});

test('reorder every 2nd output frame: frames arrive out of order and reassemble intact', async () => {
  const { spec, peer } = await openShell({ faults: { reorder: { everyNth: 2 } } });
  peer.sendOutput(LONG_OUTPUT);
  await peer.waitForText(/\nFINISHED\r\n/, 10_000);
  const seqs = peer.arrivals.map((f) => f.sequenceNumber);
  assert.ok(seqs.some((s, i) => i > 0 && s < seqs[i - 1]!), `out of order somewhere: ${seqs.slice(0, 12).join(',')}`);
  assert.match(peer.text(), /row-199-abcdefghijklmnopqrstuvwxyz0123456789/);
  assert.deepEqual(peer.delivered.map((f) => f.sequenceNumber), peer.delivered.map((_, i) => i));
  agent.terminate(spec.sessionId);
});

test('duplicate every 3rd output frame: duplicates arrive and are delivered once', async () => {
  const { spec, peer } = await openShell({ faults: { duplicate: { everyNth: 3 } } });
  peer.sendOutput(LONG_OUTPUT);
  await peer.waitForText(/\nFINISHED\r\n/, 10_000);
  const seqs = peer.arrivals.map((f) => f.sequenceNumber);
  assert.ok(seqs.length > new Set(seqs).size, 'some frame arrived twice');
  const rows = peer.text().split('\r\n').filter((l) => l.startsWith('row-'));
  assert.equal(rows.length, 200);
  agent.terminate(spec.sessionId);
});

test('probability faults run from a seed and still deliver the stream intact', async () => {
  const { spec, peer } = await openShell({ faults: { reorder: { probability: 0.3 }, duplicate: { probability: 0.3 }, seed: 42 } });
  peer.sendOutput(LONG_OUTPUT);
  await peer.waitForText(/\nFINISHED\r\n/, 10_000);
  assert.equal(peer.text().split('\r\n').filter((l) => l.startsWith('row-')).length, 200);
  agent.terminate(spec.sessionId);
});

test('agent-wide faults apply to sessions without their own, and can be cleared at runtime', async () => {
  const { spec, peer } = await openShell();
  agent.faults = { idleTimeoutMs: 250 };
  try {
    await peer.waitFor(() => peer.channelClosed !== null, 3000, 'the idle close');
    assert.equal(peer.channelClosed!.Output, IDLE_TIMEOUT_MESSAGE);
    assert.equal(agent.status(spec.sessionId), 'Terminated');
  } finally {
    agent.faults = undefined;
  }
  const other = await openShell();
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(other.peer.channelClosed, null);
  agent.terminate(other.spec.sessionId);
});

test('pausePublicationMs: pause_publication, silence (input still runs), then start_publication and the backlog', async () => {
  const { spec, peer } = await openShell();
  const mark = peer.timeline.length;
  agent.setSessionFaults(spec.sessionId, { pausePublicationMs: 600 });
  await peer.waitFor(() => peer.timeline.includes('pause_publication'), 1000, 'pause_publication');
  const bytes = peer.sendOutput('echo away-$((4+4))\r');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(peer.timeline.slice(mark), ['pause_publication'], 'nothing at all while away');
  await peer.waitFor(() => peer.timeline.includes('start_publication'), 2000, 'start_publication');
  peer.sendRaw(bytes); // the client's resend of the input nobody acked
  await peer.waitForText('away-8');
  await peer.waitFor(() => peer.acked.includes(0), 2000, 'the re-ack');
  assert.equal(peer.text().split('away-8').length - 1, 1, 'input processed once');
  agent.terminate(spec.sessionId);
});
