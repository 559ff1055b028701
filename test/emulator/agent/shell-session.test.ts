import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HeaderFlags, PayloadType } from '../../../main/daemon/ssm/frame';
import { IDLE_TIMEOUT_MESSAGE } from '../../../emulator/agent/channel-closed';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { openShellSession, shellSpec } from './test-support';

let agent: DataChannelAgent;
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

const openShell = (overrides: Parameters<typeof shellSpec>[0] = {}) => openShellSession(agent, overrides);

test('a plain shell has no handshake: the first frame is output, seq 0 with SYN', async () => {
  const { spec, peer } = await openShell();
  await peer.waitFor(() => peer.delivered.length > 0);
  const first = peer.delivered[0]!;
  assert.equal(first.payloadType, PayloadType.Output);
  assert.equal(first.sequenceNumber, 0);
  assert.equal(first.flags, HeaderFlags.Syn);
  assert.equal(peer.delivered.slice(1).every((f) => f.flags === HeaderFlags.None), true);
  agent.terminate(spec.sessionId);
});

test('echo runs in a real shell and its output arrives', async () => {
  const { spec, peer } = await openShell();
  peer.sendOutput('echo "sum=$((40 + 2))"\r');
  await peer.waitForText('sum=42');
  assert.equal(agent.status(spec.sessionId), 'Connected');
  assert.match(peer.text(), /sum=42/);
  agent.terminate(spec.sessionId);
});

test('the pty has TERM=xterm-256color and the environment the spec gives', async () => {
  const { spec, peer } = await openShell({ shell: { program: '/bin/sh', args: [], env: { COMPUTE: 'game-container' } } });
  peer.sendOutput('echo "t=$TERM c=$COMPUTE"\r');
  await peer.waitForText('t=xterm-256color c=game-container');
  agent.terminate(spec.sessionId);
});

test('a Size frame resizes the pty', async () => {
  const { spec, peer } = await openShell();
  peer.sendSize(132, 43);
  peer.sendOutput('stty size\r');
  await peer.waitForText(/43 132/);
  agent.terminate(spec.sessionId);
});

test('when the shell exits the client gets channel_closed with no exit status, after its output', async () => {
  const { spec, peer } = await openShell();
  peer.sendOutput('echo bye-now; exit 3\r');
  await peer.waitFor(() => peer.channelClosed !== null, 5000, 'channel_closed');
  assert.match(peer.text(), /bye-now/);
  assert.equal(peer.channelClosed!.MessageType, 'channel_closed');
  assert.equal(peer.channelClosed!.SessionId, spec.sessionId);
  assert.equal(peer.channelClosed!.DestinationId, spec.target);
  assert.equal(peer.channelClosed!.Output, '');
  assert.equal(peer.output(PayloadType.ExitCode).length, 0);
  assert.equal(agent.status(spec.sessionId), 'Terminated');
  assert.equal(agent.resume(spec.sessionId), null);
});

test('terminate() sends channel_closed and closes the socket', async () => {
  const { spec, peer } = await openShell();
  await peer.waitFor(() => peer.delivered.length > 0);
  const closed = peer.closed();
  assert.equal(agent.terminate(spec.sessionId), true);
  await closed;
  assert.equal(peer.channelClosed?.SessionId, spec.sessionId);
  assert.equal(agent.status(spec.sessionId), 'Terminated');
  assert.equal(agent.terminate(spec.sessionId), false);
});

test('idle timeout: no stream data for the timeout ends the session with a reason', async () => {
  const { spec, peer } = await openShell({ idleTimeoutMs: 300 });
  const started = Date.now();
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.ok(Date.now() - started >= 300);
  assert.equal(peer.channelClosed!.Output, IDLE_TIMEOUT_MESSAGE);
  assert.equal(agent.status(spec.sessionId), 'Terminated');
});

test('typing keeps an idle-timed session alive', async () => {
  const { spec, peer } = await openShell({ idleTimeoutMs: 800 });
  for (let i = 0; i < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    peer.sendOutput(':\r');
  }
  assert.equal(peer.channelClosed, null);
  agent.terminate(spec.sessionId);
});

test('InteractiveCommands runs the command parameter without a handshake', async () => {
  const { peer } = await openShell({ documentName: 'AWS-StartInteractiveCommand', parameters: { command: ['echo interactive-$((6*7))'] } });
  await peer.waitForText('interactive-42');
  assert.equal(peer.delivered.some((f) => f.payloadType === PayloadType.HandshakeRequest), false);
  await peer.waitFor(() => peer.channelClosed !== null, 5000, 'channel_closed after the command exits');
});

test('shell output frames are at most 1024 bytes and arrive in order', async () => {
  const { spec, peer } = await openShell();
  peer.sendOutput('i=0; while [ $i -lt 300 ]; do echo line-$i-abcdefghijklmnopqrstuvwxyz; i=$((i+1)); done; echo "DO""NE"\r');
  await peer.waitForText(/\nDONE\r\n/);
  assert.ok(peer.delivered.every((f) => f.payload.length <= 1024));
  assert.match(peer.text(), /line-299-abcdefghijklmnopqrstuvwxyz/);
  agent.terminate(spec.sessionId);
});

test('a client reading in fits and starts gets every byte a program printed before it exited, then channel_closed', { timeout: 120_000 }, async () => {
  const { peer } = await openShell();
  // The agent's pty reads stop while the client is behind; the program exits while some of its
  // output is still unread. The real agent reads its pty to EOF and puts it all on the wire first.
  peer.sendOutput('seq 1 100000; echo "seq-done-$((6*7))"; exit\r');
  const fits = setInterval(() => {
    peer.resumeReading();
    setTimeout(() => peer.pauseReading(), 2);
  }, 40);
  try {
    await peer.waitFor(() => peer.channelClosed !== null, 100_000, 'channel_closed');
  } finally {
    clearInterval(fits);
    peer.resumeReading();
  }
  // The first number follows the prompt the shell printed after echoing the typed-ahead line.
  const lines = peer.text().split(/\r?\n/).map((line) => line.replace(/^\$ /, ''));
  const numbers = lines.filter((line) => /^\d+$/.test(line)).map(Number);
  assert.equal(numbers.length, 100_000, 'every line of the output');
  assert.ok(numbers.every((n, i) => n === i + 1), 'in order');
  assert.match(peer.text(), /seq-done-42/);
  assert.equal(peer.timeline.at(-1), 'channel_closed', 'channel_closed comes behind all the output');
});
