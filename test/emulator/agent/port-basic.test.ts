import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FlagValue, PayloadType } from '../../../main/daemon/ssm/frame';
import { DataChannelAgent } from './data-channel-agent';
import { TestPeer } from './test-peer';
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
