import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { encodeFrame, MessageType, PayloadType } from '../../../main/daemon/ssm/frame';
import { DataChannelAgent } from './data-channel-agent';
import { TestPeer } from './test-peer';
import { shellSpec } from './test-support';

let agent: DataChannelAgent;
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

async function openShell() {
  const spec = shellSpec();
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  return { spec, peer };
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

test('withheld acks: only the head is resent, once per RTO (its clock restarts on each resend)', async () => {
  const { spec, peer } = await openShell();
  peer.shouldAck = () => false;
  peer.sendOutput('for i in 1 2 3 4; do echo tick-$i; sleep 0.05; done\r');
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const seqs = peer.arrivals.map((f) => f.sequenceNumber);
  const distinct = [...new Set(seqs)];
  assert.ok(distinct.length >= 3, `several frames were sent (${distinct.join(',')})`);
  const head = Math.min(...distinct);
  for (const seq of distinct) {
    if (seq !== head) assert.equal(seqs.filter((s) => s === seq).length, 1, `seq ${seq} is not the head and is never resent`);
  }
  const headTimes = peer.arrivals.flatMap((f, i) => (f.sequenceNumber === head ? [peer.arrivalTimes[i]!] : []));
  assert.ok(headTimes.length >= 3, `the head was resent (${headTimes.length - 1} times)`);
  const gaps = headTimes.slice(1).map((t, i) => t - headTimes[i]!);
  // RTO starts at 200 ms and the scheduler ticks every 100 ms: each resend comes 200–320 ms after
  // the previous one, never on consecutive 100 ms ticks (that would be the plugin's rule).
  for (const gap of gaps) assert.ok(gap >= 190 && gap <= 400, `gap ${gap} ms`);
  assert.deepEqual(agent.inspect(spec.sessionId)!.resentSequenceNumbers.every((s) => s === head), true);

  // Acking again lets everything through, in order.
  peer.shouldAck = () => true;
  await peer.waitForText('tick-4\r\n', 10_000);
  assert.deepEqual(peer.delivered.map((f) => f.sequenceNumber), peer.delivered.map((_, i) => i));
  agent.terminate(spec.sessionId);
});

test('the RTO estimate follows acked round trips', async () => {
  const { spec, peer } = await openShell();
  peer.sendOutput('echo rtt-$((1+1))\r');
  await peer.waitForText('rtt-2');
  await peer.waitFor(() => agent.inspect(spec.sessionId)!.unacked === 0, 3000, 'our acks to land');
  const rto = agent.inspect(spec.sessionId)!.rtoMs;
  // Loopback round trips are tiny, so RTO moves down from 200 ms toward SRTT + 10 ms.
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
