import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { FlagValue, PayloadType } from '../../../main/daemon/ssm/frame';
import { BACKLOG_HIGH_WATER, BACKLOG_LOW_WATER } from '../../../emulator/agent/data-channel';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { TestPeer } from './test-peer';
import { freePort } from '../../support/free-port';
import { openPortSession, portSpec, startEchoServer, type EchoServer } from './test-support';

let agent: DataChannelAgent;
let echo: EchoServer;
before(async () => {
  agent = await DataChannelAgent.listen({ smuxKeepAlive: { intervalMs: 100, timeoutMs: 300 } });
  echo = await startEchoServer();
});
after(async () => {
  await agent.close();
  await echo.close();
});

test('basic mode (old agent version): raw bytes echo through a real TCP service', async () => {
  const spec = portSpec(echo.port, { agentVersion: '3.0.161.0' });
  const peer = await openPortSession(agent, spec);
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'basic');
  const payload = Buffer.alloc(5000, 'z');
  peer.sendOutput(payload.subarray(0, 1024));
  peer.sendOutput(payload.subarray(1024));
  await peer.waitFor(() => peer.output().length === 5000);
  assert.ok(peer.output().equals(payload));
  assert.ok(peer.delivered.filter((f) => f.payloadType === PayloadType.Output).every((f) => f.payload.length <= 1024));
  agent.terminate(spec.sessionId);
});

test('basic mode: DisconnectToPort closes the destination and the next Output re-dials', async () => {
  const before = echo.connections;
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec, { clientVersion: '1.1.50.0' });
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'basic');
  peer.sendOutput('one|');
  await peer.waitForText('one|');
  peer.sendFlag(FlagValue.DisconnectToPort);
  peer.sendOutput('two|');
  await peer.waitForText('one|two|');
  assert.equal(echo.connections - before, 2);
  agent.terminate(spec.sessionId);
});

test('basic mode: a client without ClientVersion is treated as old', async () => {
  const spec = portSpec(echo.port);
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue, { clientVersion: null });
  await peer.waitForJson(PayloadType.HandshakeRequest);
  peer.send(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify({ ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }] })));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'basic');
  agent.terminate(spec.sessionId);
});

test('basic mode: a destination that cannot be dialled ends the session with the reason', async () => {
  const spec = portSpec(await freePort(), { agentVersion: '3.0.161.0' });
  const peer = await openPortSession(agent, spec);
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.match(String(peer.channelClosed!.Output), /Unable to connect to specified port/);
  assert.equal(agent.status(spec.sessionId), 'Failed');
});

test('back-pressure: a client that stops acking stalls the destination instead of growing memory', async () => {
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, 'd');
  const sockets = new Set<Socket>();
  const firehose = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const pump = () => {
      while (written < 64 * 1024 * 1024 && socket.write(chunk)) written += chunk.length;
    };
    socket.on('drain', () => {
      written += chunk.length;
      pump();
    });
    pump();
  });
  await new Promise<void>((resolve) => firehose.listen(0, '127.0.0.1', resolve));
  const spec = portSpec((firehose.address() as AddressInfo).port, { agentVersion: '3.0.161.0' });
  try {
    const peer = await openPortSession(agent, spec);
    peer.shouldAck = () => false;
    peer.sendOutput('go'); // basic mode dials at start; this just proves the input path is open
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const writtenBefore = written;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = agent.inspect(spec.sessionId)!;
    // One 64 KiB read can land after the high-water mark: 64 frames of slack.
    assert.ok(state.backlog <= BACKLOG_HIGH_WATER + 64, `backlog ${state.backlog}`);
    // Held, not drained: an ack in flight when the client fell silent may take a frame or two off.
    assert.ok(state.backlog > BACKLOG_LOW_WATER, `the client's silence did fill the window (${state.backlog})`);
    assert.equal(written, writtenBefore, 'the agent stopped reading the destination');
    assert.ok(written < 64 * 1024 * 1024, 'the destination is held back');
  } finally {
    agent.terminate(spec.sessionId);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => firehose.close(() => resolve()));
  }
});
