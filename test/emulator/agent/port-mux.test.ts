import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FlagValue, PayloadType } from '../../../main/daemon/ssm/frame';
import { encodeSmuxFrame, SmuxCommand, SmuxDecoder, type SmuxFrame } from '../../../main/daemon/ssm/smux-frame';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import type { TestPeer } from './test-peer';
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

/** Reads the agent's smux byte stream out of the delivered Output payloads. */
function smuxFrames(peer: TestPeer): SmuxFrame[] {
  return new SmuxDecoder().push(peer.output());
}

function streamData(peer: TestPeer, streamId: number): string {
  return Buffer.concat(smuxFrames(peer).filter((f) => f.streamId === streamId && f.cmd === SmuxCommand.Psh).map((f) => f.data)).toString();
}

test('mux mode: two smux streams echo through the real TCP service; FIN closes a stream both ways', async () => {
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec);
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
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec);
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
  const spec = portSpec(await freePort());
  const peer = await openPortSession(agent, spec);
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  await peer.waitFor(() => peer.delivered.some((f) => f.payloadType === PayloadType.Flag), 3000, 'flag');
  const flag = peer.delivered.find((f) => f.payloadType === PayloadType.Flag)!;
  assert.deepEqual([...flag.payload], [0, 0, 0, FlagValue.ConnectToPortError]);
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 3), 3000, 'FIN');
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
});

test('mux mode: a destination EOF closes the stream (FIN to the client)', async () => {
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec);
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 7));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 7, Buffer.from('a')));
  await peer.waitFor(() => streamData(peer, 7) === 'a');
  await echo.close().catch(() => {});
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 7), 3000, 'FIN');
  echo = await startEchoServer();
  agent.terminate(spec.sessionId);
});

test('TerminateSession flag ends a port session with channel_closed', async () => {
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec);
  peer.sendFlag(FlagValue.TerminateSession);
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.equal(agent.status(spec.sessionId), 'Terminated');
});

test('smux keepalive for clients at or below 1.2.331.0: NOPs, and an idle mux is closed (time-scaled)', async () => {
  const spec = portSpec(echo.port);
  const peer = await openPortSession(agent, spec, { clientVersion: '1.2.0.0' });
  assert.equal(agent.inspect(spec.sessionId)?.mode, 'mux');
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Nop), 2000, 'a NOP');
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'the keepalive close');
  assert.match(String(peer.channelClosed!.Output), /keepalive/);
});

test('mux mode: a port the instance cannot resolve is a ConnectToPortError too, and the session lives on', async () => {
  const spec = portSpec(echo.port, {
    resolvePort: () => {
      throw new Error('no such port on this compute');
    },
  });
  const peer = await openPortSession(agent, spec);
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  await peer.waitFor(() => smuxFrames(peer).some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 3), 3000, 'FIN');
  assert.ok(peer.delivered.some((f) => f.payloadType === PayloadType.Flag && f.payload.readUInt32BE(0) === FlagValue.ConnectToPortError));
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
});
