import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { REFUSED_CLOSE_CODE } from '../../../emulator/agent/stream-server';
import { TestPeer } from './test-peer';
import { shellSpec } from './test-support';

let agent: DataChannelAgent;
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0, tokenTtlMs: 1000 });
});
after(() => agent.close());

test('the stream URL has the service shape and is used as-is', () => {
  const spec = shellSpec();
  const issued = agent.start(spec);
  assert.equal(issued.streamUrl, `ws://127.0.0.1:${agent.port}/v1/data-channel/${spec.sessionId}?role=publish_subscribe`);
  assert.equal(agent.status(spec.sessionId), 'Connecting');
  agent.terminate(spec.sessionId);
});

test('a token works once: reusing it is refused with a close', async () => {
  const spec = shellSpec();
  const issued = agent.start(spec);
  const first = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  await first.waitFor(() => first.delivered.length > 0);
  const replay = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const closed = await replay.closed();
  assert.equal(closed.code, REFUSED_CLOSE_CODE);
  assert.match(closed.reason, /token used/);
  assert.equal(first.isOpen, true, 'the refused replay does not disturb the live channel');
  agent.terminate(spec.sessionId);
});

test('a stale token, a wrong token and a missing one are refused', async () => {
  const spec = shellSpec();
  const issued = agent.start(spec);
  const wrong = await TestPeer.connect(issued.streamUrl, 'not-a-token');
  assert.match((await wrong.closed()).reason, /token unknown/);

  const other = shellSpec();
  const otherIssued = agent.start(other);
  const crossed = await TestPeer.connect(issued.streamUrl, otherIssued.tokenValue);
  assert.match((await crossed.closed()).reason, /token wrong-session/);

  await new Promise((resolve) => setTimeout(resolve, 1100));
  const stale = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  assert.match((await stale.closed()).reason, /token expired/);

  const socket = new WebSocket(issued.streamUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(Buffer.from('binary first'));
  const code = await new Promise<number>((resolve) => socket.once('close', (c) => resolve(c)));
  assert.equal(code, REFUSED_CLOSE_CODE);
  agent.terminate(spec.sessionId);
  agent.terminate(other.sessionId);
});

test('an unknown session id is refused at the upgrade', async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${agent.port}/v1/data-channel/no-such-session?role=publish_subscribe`);
  const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
  assert.match(error.message, /404/);
});

for (const how of ['kill', 'bye'] as const) {
  test(`drop after N bytes (${how}): ResumeSession, reconnect, and no byte is lost either way`, async () => {
    const spec = shellSpec({ faults: { dropAfterBytes: { bytes: 6000, how } } });
    const issued = agent.start(spec);
    const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
    await peer.waitForText('$ '); // the prompt first, so that no number shares its line
    const closed = peer.closed();
    peer.sendOutput('seq 1 2500; echo "EN""D"\r');
    const { code, reason } = await closed;
    if (how === 'kill') assert.equal(code, 1006);
    else assert.deepEqual([code, reason], [1000, 'Bye']);
    await peer.waitFor(() => agent.status(spec.sessionId) === 'Disconnected', 2000, 'Disconnected');
    const seqBefore = peer.delivered.length;

    const resumed = agent.resume(spec.sessionId)!;
    assert.equal(resumed.streamUrl, issued.streamUrl);
    assert.notEqual(resumed.tokenValue, issued.tokenValue);
    await peer.open(issued.streamUrl, resumed.tokenValue);
    await peer.waitForText(/\nEND\r\n/, 20_000);
    const lines = peer.text().split('\r\n').filter((l) => /^\d+$/.test(l)).map(Number);
    assert.deepEqual(lines, Array.from({ length: 2500 }, (_, i) => i + 1));
    assert.ok(peer.delivered.length > seqBefore, 'the stream continued after the resume');

    // Our own sequence continues too: the agent expects seq 1 next, not 0.
    assert.equal(agent.inspect(spec.sessionId)!.expectedSequenceNumber, 1);
    peer.sendOutput('echo after-$((7*6))\r');
    await peer.waitForText('after-42');
    agent.terminate(spec.sessionId);
  });
}

test('a resumed token replaces the old socket; frames buffered while down are delivered after resume', async () => {
  const spec = shellSpec();
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  await peer.waitFor(() => peer.delivered.length > 0);
  peer.sendOutput('sleep 0.3; echo "la""ter"\r');
  await peer.waitFor(() => peer.acked.includes(0));
  peer.kill();
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(agent.status(spec.sessionId), 'Disconnected');
  const resumed = agent.resume(spec.sessionId)!;
  await peer.open(resumed.streamUrl, resumed.tokenValue);
  await peer.waitForText('\nlater');
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
  assert.equal(agent.resume(spec.sessionId), null);
});

test('periodic WebSocket recycle: close 1000 "Bye" every T; the client resumes each time', async () => {
  const spec = shellSpec({ faults: { recycleEveryMs: 500 } });
  let issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  for (let round = 0; round < 2; round++) {
    const { code, reason } = await peer.closed();
    assert.deepEqual([code, reason], [1000, 'Bye']);
    issued = agent.resume(spec.sessionId)!;
    await peer.open(issued.streamUrl, issued.tokenValue);
    peer.sendOutput(`echo round-$((${round}+10))\r`);
    await peer.waitForText(`round-${round + 10}`);
  }
  agent.terminate(spec.sessionId);
});
