import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { encodeFrame, MessageType, PayloadType } from '../../../main/daemon/ssm/frame';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { TestPeer } from './test-peer';
import { openShellSession, portSpec, shellSpec, startEchoServer } from './test-support';

let agent: DataChannelAgent;
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

const openShell = () => openShellSession(agent);

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

test('withheld acks: only the head is resent, once per RTO (its clock restarts on each resend)', async () => {
  const spec = shellSpec();
  const issued = agent.start(spec);
  const peer = new TestPeer();
  peer.shouldAck = () => false; // from the very first frame, so RTO stays at its initial 200 ms
  await peer.open(issued.streamUrl, issued.tokenValue);
  peer.sendOutput('for i in 1 2 3 4; do echo tick-$i; sleep 0.05; done\r');
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const seqs = peer.arrivals.map((f) => f.sequenceNumber);
  const distinct = [...new Set(seqs)];
  assert.ok(distinct.length >= 3, `several frames were sent (${distinct.join(',')})`);
  const head = Math.min(...distinct);
  for (const seq of distinct) {
    if (seq !== head) assert.equal(seqs.filter((s) => s === seq).length, 1, `seq ${seq} is not the head and is never resent`);
  }
  const headArrivals = peer.arrivals.filter((f) => f.sequenceNumber === head).length;
  assert.ok(headArrivals >= 3, `the head was resent (${headArrivals - 1} times)`);
  const inspection = agent.inspect(spec.sessionId)!;
  assert.equal(inspection.rtoMs, 200);
  assert.deepEqual(inspection.resentSequenceNumbers.every((s) => s === head), true);
  // Timed on the agent's clock (arrival times jitter on a loaded machine): RTO starts at 200 ms
  // and the scheduler ticks every 100 ms, so each resend comes more than 200 ms after the previous
  // one, never on consecutive 100 ms ticks (that would be the plugin's rule); the upper bound only
  // allows for a late tick on a busy machine.
  const at = inspection.resentAtMs;
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  assert.ok(gaps.length >= 1, `at least two resends (${at.length})`);
  for (const gap of gaps) assert.ok(gap > 200 && gap <= 1000, `gap ${gap} ms`);

  // Acking again lets everything through, in order.
  peer.shouldAck = () => true;
  await peer.waitForText('tick-4\r\n', 10_000);
  assert.deepEqual(peer.delivered.map((f) => f.sequenceNumber), peer.delivered.map((_, i) => i));
  agent.terminate(spec.sessionId);
});

test('the RTO estimate follows acked round trips', async () => {
  const { spec, peer } = await openShell();
  // Loopback round trips are tiny, so RTO falls from 200 ms toward SRTT + 10 ms as acks come in
  // (a few rounds, in case a busy machine made an early sample slow).
  let rto = 200;
  for (let round = 0; round < 10 && rto >= 200; round++) {
    peer.sendOutput(`echo rtt-$((${round}+100))\r`);
    await peer.waitForText(`rtt-${round + 100}`);
    await peer.waitFor(() => agent.inspect(spec.sessionId)!.unacked === 0, 3000, 'our acks to land');
    rto = agent.inspect(spec.sessionId)!.rtoMs;
  }
  assert.ok(rto < 200 && rto >= 10, `rto ${rto}`);
  agent.terminate(spec.sessionId);
});

test('a duplicate input frame is re-acked and not processed twice', async () => {
  const { spec, peer } = await openShell();
  const bytes = peer.sendOutput('echo dup-$((1+1))\r');
  await peer.waitFor(() => peer.acked.includes(0));
  peer.sendRaw(bytes);
  await peer.waitFor(() => peer.acked.filter((s) => s === 0).length === 2, 3000, 'the re-ack');
  peer.sendOutput('echo end-$((2+2))\r');
  await peer.waitForText('end-4');
  assert.equal(count(peer.text(), 'dup-2'), 1);
  assert.equal(agent.inspect(spec.sessionId)!.stats.duplicatesReceived, 1);
  agent.terminate(spec.sessionId);
});

test('reordered input is acked on arrival and delivered in order', async () => {
  const { spec, peer } = await openShell();
  const first = peer.send(PayloadType.Output, Buffer.from('echo ord'), { write: false });
  const second = peer.send(PayloadType.Output, Buffer.from('er-$((3*3))\r'), { write: false });
  peer.sendRaw(second);
  await peer.waitFor(() => peer.acked.includes(1), 3000, 'the early ack');
  assert.equal(agent.inspect(spec.sessionId)!.expectedSequenceNumber, 0);
  peer.sendRaw(first);
  await peer.waitForText('order-9');
  assert.deepEqual(peer.acked.slice(0, 2), [1, 0]);
  assert.equal(agent.inspect(spec.sessionId)!.expectedSequenceNumber, 2);
  agent.terminate(spec.sessionId);
});

test('corrupt frames are dropped without an ack and without harm; a wrong digest is not checked', async () => {
  const { spec, peer } = await openShell();
  const valid = () => encodeFrame({ messageType: MessageType.InputStreamData, sequenceNumber: 0, payloadType: PayloadType.Output, payload: Buffer.from('echo x\r') });
  const zeroHeaderLength = valid();
  zeroHeaderLength.writeUInt32BE(0, 0);
  const zeroDate = valid();
  zeroDate.writeBigUInt64BE(0n, 40);
  const emptyType = valid();
  emptyType.fill(0x20, 4, 36);
  peer.sendRaw(randomBytes(60));
  peer.sendRaw(randomBytes(400));
  peer.sendRaw(zeroHeaderLength);
  peer.sendRaw(zeroDate);
  peer.sendRaw(emptyType);
  // The agent never checks digests: this frame is processed (and counted).
  const badDigest = peer.send(PayloadType.Output, Buffer.from('echo digest-$((5+5))\r'), { write: false });
  badDigest[80] = badDigest[80]! ^ 0xff;
  peer.sendRaw(badDigest);
  await peer.waitForText('digest-10');
  const stats = agent.inspect(spec.sessionId)!.stats;
  assert.ok(stats.corruptFrames >= 4, `corrupt ${stats.corruptFrames}`); // random bytes may happen to be "valid" unknown types
  assert.equal(stats.digestMismatches, 1);
  assert.deepEqual(peer.acked, [0]);
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
});

test('a text frame after the open input is ignored', async () => {
  const { spec, peer } = await openShell();
  peer.sendText('{"not":"binary"}');
  peer.sendOutput('echo still-$((1+2))\r');
  await peer.waitForText('still-3');
  agent.terminate(spec.sessionId);
});

test('pacing: a burst leaves about pacingMs apart per frame; pacing 0 still delivers intact', async () => {
  const echo = await startEchoServer();
  const burst = Buffer.alloc(40 * 1024, 'p');
  const measure = async (target: DataChannelAgent) => {
    const issued = target.start(portSpec(echo.port, { agentVersion: '3.0.161.0' }));
    const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
    await peer.waitForJson(PayloadType.HandshakeRequest);
    peer.send(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify({ ClientVersion: '1.2.650.0', ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }] })));
    await peer.waitForJson(PayloadType.HandshakeComplete);
    const first = peer.arrivals.length;
    for (let offset = 0; offset < burst.length; offset += 1024) peer.sendOutput(burst.subarray(offset, offset + 1024));
    await peer.waitFor(() => peer.output().length === burst.length, 10_000, 'the echo');
    const times = peer.arrivalTimes.slice(first);
    return { frames: times.length, spanMs: times[times.length - 1]! - times[0]!, intact: peer.output().equals(burst) };
  };
  try {
    const paced = await measure(agent);
    assert.ok(paced.intact);
    assert.ok(paced.frames >= 40);
    assert.ok(paced.spanMs >= (paced.frames - 1) * 0.9, `${paced.frames} frames over ${paced.spanMs} ms`);
    const fast = await DataChannelAgent.listen({ pacingMs: 0 });
    try {
      assert.ok((await measure(fast)).intact);
    } finally {
      await fast.close();
    }
  } finally {
    await echo.close();
  }
});
