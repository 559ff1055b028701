import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FlagValue, HeaderFlags, PayloadType } from '../../../main/daemon/ssm/frame';
import { encodeSmuxFrame, SmuxCommand, SmuxDecoder, type SmuxFrame } from '../../../main/daemon/ssm/smux-frame';
import { DataChannelAgent } from './data-channel-agent';
import { TestPeer, type PeerOptions } from './test-peer';
import { closedPort, portSpec, startEchoServer, type EchoServer } from './test-support';

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

const SUCCESS_RESPONSE = (clientVersion: string) =>
  JSON.stringify({
    ClientVersion: clientVersion,
    ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }],
    Errors: null,
  });

/** Starts a port session and completes the handshake the way the plugin does. */
async function openPort(spec = portSpec(echo.port), options: PeerOptions & { clientVersion?: string } = {}) {
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue, options);
  await peer.waitForJson(PayloadType.HandshakeRequest);
  peer.send(PayloadType.HandshakeResponse, Buffer.from(SUCCESS_RESPONSE(options.clientVersion ?? '1.2.650.0')));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  return { spec, peer };
}

/** Reads the agent's smux byte stream out of the delivered Output payloads. */
function smuxFrames(peer: TestPeer): SmuxFrame[] {
  return new SmuxDecoder().push(peer.output());
}

function streamData(peer: TestPeer, streamId: number): string {
  return Buffer.concat(smuxFrames(peer).filter((f) => f.streamId === streamId && f.cmd === SmuxCommand.Psh).map((f) => f.data)).toString();
}

test('port handshake: request seq 0 (SYN) with sorted Properties, response, complete seq 1', async () => {
  const spec = portSpec(echo.port, { agentVersion: '3.3.808.0' });
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const { frame, body } = await peer.waitForJson<{ AgentVersion: string; RequestedClientActions: unknown[] }>(PayloadType.HandshakeRequest);
  assert.equal(frame.sequenceNumber, 0);
  assert.equal(frame.flags, HeaderFlags.Syn);
  assert.equal(
    frame.payload.toString(),
    '{"AgentVersion":"3.3.808.0","RequestedClientActions":[{"ActionType":"SessionType","ActionParameters":{"SessionType":"Port","Properties":{"localPortNumber":"8080","portNumber":"80","type":"LocalPortForwarding"}}}]}',
  );
  assert.equal(body.RequestedClientActions.length, 1);
  // Nothing else comes until the client answers.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(peer.delivered.length, 1);
  assert.deepEqual(peer.acked, []);

  peer.send(PayloadType.HandshakeResponse, Buffer.from(SUCCESS_RESPONSE('1.2.650.0')));
  const complete = await peer.waitForJson<{ HandshakeTimeToComplete: number; CustomerMessage: string }>(PayloadType.HandshakeComplete);
  assert.equal(complete.frame.sequenceNumber, 1);
  assert.equal(complete.frame.flags, HeaderFlags.None);
  // The observed order: request, our response acked, then HandshakeComplete.
  assert.deepEqual(peer.timeline, ['data:0:5', 'ack:0', 'data:1:7']);
  assert.equal(complete.body.CustomerMessage, '');
  assert.ok(Number.isInteger(complete.body.HandshakeTimeToComplete) && complete.body.HandshakeTimeToComplete > 0);
  assert.deepEqual(peer.delivered.map((f) => f.payloadType), [PayloadType.HandshakeRequest, PayloadType.HandshakeComplete]);
  agent.terminate(spec.sessionId);
});

test('remote-host document adds host to Properties and dials through resolvePort', async () => {
  const asked: Array<[number, string | undefined]> = [];
  const spec = portSpec(echo.port, {
    documentName: 'AWS-StartPortForwardingSessionToRemoteHost',
    parameters: { host: ['db.internal'], portNumber: ['5432'], localPortNumber: ['15432'] },
    resolvePort: (port, host) => {
      asked.push([port, host]);
      return { host: '127.0.0.1', port: echo.port };
    },
  });
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const { body } = await peer.waitForJson<{ RequestedClientActions: Array<{ ActionParameters: { Properties: unknown } }> }>(PayloadType.HandshakeRequest);
  assert.deepEqual(body.RequestedClientActions[0]!.ActionParameters.Properties, {
    host: 'db.internal',
    localPortNumber: '15432',
    portNumber: '5432',
    type: 'LocalPortForwarding',
  });
  peer.send(PayloadType.HandshakeResponse, Buffer.from(SUCCESS_RESPONSE('1.2.650.0')));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('x')));
  await peer.waitFor(() => streamData(peer, 3) === 'x');
  assert.deepEqual(asked, [[5432, 'db.internal']]);
  agent.terminate(spec.sessionId);
});

test('a failed client action cancels the session', async () => {
  const spec = portSpec(echo.port);
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  await peer.waitForJson(PayloadType.HandshakeRequest);
  peer.send(
    PayloadType.HandshakeResponse,
    Buffer.from(JSON.stringify({ ClientVersion: '1.2.650.0', ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 3, ActionResult: null, Error: 'nope' }], Errors: ['nope'] })),
  );
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.match(String(peer.channelClosed!.Output), /nope/);
  assert.equal(agent.status(spec.sessionId), 'Failed');
});

test('the handshake times out without a response', async () => {
  const quick = await DataChannelAgent.listen({ handshakeTimeoutMs: 200 });
  try {
    const spec = portSpec(echo.port);
    const issued = quick.start(spec);
    const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
    await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
    assert.match(String(peer.channelClosed!.Output), /Handshake timed out/);
  } finally {
    await quick.close();
  }
});

test('data sent before HandshakeComplete is acked and discarded', async () => {
  const spec = portSpec(echo.port, { agentVersion: '3.0.161.0' });
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  await peer.waitForJson(PayloadType.HandshakeRequest);
  peer.sendOutput('lost');
  await peer.waitFor(() => peer.acked.includes(0));
  peer.send(PayloadType.HandshakeResponse, Buffer.from(SUCCESS_RESPONSE('1.2.650.0')));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  peer.sendOutput('kept');
  await peer.waitForText('kept');
  assert.equal(peer.text(), 'kept');
  agent.terminate(spec.sessionId);
});

test('basic mode (old agent version): raw bytes echo through a real TCP service', async () => {
  const { spec, peer } = await openPort(portSpec(echo.port, { agentVersion: '3.0.161.0' }));
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
  const { spec, peer } = await openPort(portSpec(echo.port), { clientVersion: '1.1.50.0' });
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

test('mux mode: two smux streams echo through the real TCP service; FIN closes a stream both ways', async () => {
  const { spec, peer } = await openPort();
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'mux');
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 5));
  // One message may carry several smux frames, and a frame may be split over messages.
  const both = Buffer.concat([encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('ping-3')), encodeSmuxFrame(SmuxCommand.Psh, 5, Buffer.from('ping-5'))]);
  peer.sendOutput(both.subarray(0, 10));
  peer.sendOutput(both.subarray(10));
  await peer.waitFor(() => streamData(peer, 3) === 'ping-3' && streamData(peer, 5) === 'ping-5', 5000, 'both echoes');
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Fin, 3));
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 3), 3000, 'FIN back');
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 5, Buffer.from('still-5')));
  await peer.waitFor(() => streamData(peer, 5) === 'ping-5still-5');
  assert.equal(smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Nop), false, 'no keepalive for a new client');
  agent.terminate(spec.sessionId);
});

test('mux mode: a large transfer is cut into Output payloads of at most 1024 bytes and arrives intact', async () => {
  const { spec, peer } = await openPort();
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  const payload = Buffer.from(Array.from({ length: 40_000 }, (_, i) => i % 251));
  for (let offset = 0; offset < payload.length; offset += 1000) {
    peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 3, payload.subarray(offset, offset + 1000)));
  }
  const echoed = () => Buffer.concat(smuxFrames(peer).filter((f) => f.cmd === SmuxCommand.Psh).map((f) => f.data));
  await peer.waitFor(() => echoed().length >= payload.length, 10_000, 'the whole echo');
  assert.ok(echoed().equals(payload));
  assert.ok(peer.delivered.every((f) => f.payload.length <= 1024));
  agent.terminate(spec.sessionId);
});

test('mux mode: a destination that refuses gives ConnectToPortError and a FIN for that stream', async () => {
  const { spec, peer } = await openPort(portSpec(await closedPort()));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  await peer.waitFor(() => peer.delivered.some((f) => f.payloadType === PayloadType.Flag), 3000, 'flag');
  const flag = peer.delivered.find((f) => f.payloadType === PayloadType.Flag)!;
  assert.deepEqual([...flag.payload], [0, 0, 0, FlagValue.ConnectToPortError]);
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 3), 3000, 'FIN');
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
});

test('mux mode: a destination EOF closes the stream (FIN to the client)', async () => {
  const { spec, peer } = await openPort();
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 7));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 7, Buffer.from('a')));
  await peer.waitFor(() => streamData(peer, 7) === 'a');
  await echo.close().catch(() => {});
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 7), 3000, 'FIN');
  echo = await startEchoServer();
  agent.terminate(spec.sessionId);
});

test('TerminateSession flag ends a port session with channel_closed', async () => {
  const { spec, peer } = await openPort();
  peer.sendFlag(FlagValue.TerminateSession);
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.equal(agent.status(spec.sessionId), 'Terminated');
});

test('smux keepalive for clients at or below 1.2.331.0: NOPs, and an idle mux is closed (time-scaled)', async () => {
  const { spec, peer } = await openPort(portSpec(echo.port), { clientVersion: '1.2.0.0' });
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'mux');
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Nop), 2000, 'a NOP');
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'the keepalive close');
  assert.match(String(peer.channelClosed!.Output), /keepalive/);
});
