import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HeaderFlags, PayloadType } from '../../../main/daemon/ssm/frame';
import { decryptPayload, encryptPayload, splitDataKey } from '../../../main/daemon/ssm/session-cipher';
import { encodeSmuxFrame, SmuxCommand, SmuxDecoder } from '../../../main/daemon/ssm/smux-frame';
import type { AgentSessionSpec } from '../../../emulator/agent/agent-api';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { KMS_CUSTOMER_MESSAGE } from '../../../emulator/agent/handshake';
import { TestPeer } from './test-peer';
import { TestKms, portSpec, shellSpec, startEchoServer, successResponse, type EchoServer } from './test-support';

let agent: DataChannelAgent;
let echo: EchoServer;
const kms = new TestKms();
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
  echo = await startEchoServer();
});
after(async () => {
  await agent.close();
  await echo.close();
});

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

  peer.send(PayloadType.HandshakeResponse, successResponse());
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
  peer.send(PayloadType.HandshakeResponse, successResponse());
  await peer.waitForJson(PayloadType.HandshakeComplete);
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Syn, 3));
  peer.sendOutput(encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('x')));
  await peer.waitFor(() => new SmuxDecoder().push(peer.output()).some((f) => f.cmd === SmuxCommand.Psh && f.data.toString() === 'x'));
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
  peer.send(PayloadType.HandshakeResponse, successResponse());
  await peer.waitForJson(PayloadType.HandshakeComplete);
  peer.sendOutput('kept');
  await peer.waitForText('kept');
  assert.equal(peer.text(), 'kept');
  agent.terminate(spec.sessionId);
});

interface KmsRequest {
  AgentVersion: string;
  RequestedClientActions: Array<{ ActionType: string; ActionParameters: Record<string, unknown> }>;
}

/** Does the client half of §7: data key with the challenge in the context, then the encryption challenge. */
async function openKmsShell(options: { acknowledgeChallenge: boolean }) {
  const spec: AgentSessionSpec = shellSpec({ kms: { keyId: kms.keyId, decrypt: kms.decrypt } });
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const { body: request } = await peer.waitForJson<KmsRequest>(PayloadType.HandshakeRequest);
  const kmsAction = request.RequestedClientActions.find((a) => a.ActionType === 'KMSEncryption')!;
  const challenge = String(kmsAction.ActionParameters.Challenge);
  const context: Record<string, string> = { 'aws:ssm:SessionId': spec.sessionId, 'aws:ssm:TargetId': spec.target };
  if (options.acknowledgeChallenge) context['aws:ssm:RandomChallenge'] = challenge;
  const dataKey = kms.generateDataKey(context);
  peer.send(
    PayloadType.HandshakeResponse,
    Buffer.from(
      JSON.stringify({
        ClientVersion: '1.2.650.0',
        ProcessedClientActions: [
          { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
          {
            ActionType: 'KMSEncryption',
            ActionStatus: 1,
            ActionResult: {
              KMSCipherTextKey: dataKey.ciphertextBlob.toString('base64'),
              KMSCipherTextHash: null,
              ...(options.acknowledgeChallenge ? { ChallengeAcknowledgement: true } : {}),
            },
            Error: '',
          },
        ],
        Errors: null,
      }),
    ),
  );
  return { spec, peer, request, kmsAction, challenge, keys: splitDataKey(dataKey.plaintext, 'client') };
}

test('KMS shell end to end: handshake, challenge, encrypted output and input, plaintext Size', async () => {
  const { spec, peer, request, kmsAction, challenge, keys } = await openKmsShell({ acknowledgeChallenge: true });
  assert.equal(request.AgentVersion, spec.agentVersion);
  assert.deepEqual(request.RequestedClientActions[0], { ActionType: 'SessionType', ActionParameters: { SessionType: 'Standard_Stream', Properties: null } });
  assert.equal(kmsAction.ActionParameters.KMSKeyId, kms.keyId);
  assert.equal(Buffer.from(challenge, 'base64').length, 16);

  const { frame: challengeFrame, body } = await peer.waitForJson<{ Challenge: string }>(PayloadType.EncChallengeRequest);
  assert.equal(challengeFrame.sequenceNumber, 1);
  const sealedChallenge = Buffer.from(body.Challenge, 'base64');
  assert.equal(sealedChallenge.length, 64 + 28);
  const plain = decryptPayload(keys.decrypt, sealedChallenge);
  peer.send(PayloadType.EncChallengeResponse, Buffer.from(JSON.stringify({ Challenge: encryptPayload(keys.encrypt, plain).toString('base64') })));
  const complete = await peer.waitForJson<{ CustomerMessage: string }>(PayloadType.HandshakeComplete);
  assert.equal(complete.body.CustomerMessage, KMS_CUSTOMER_MESSAGE);
  assert.equal(complete.frame.sequenceNumber, 2);

  peer.decrypt = (frame) => decryptPayload(keys.decrypt, frame.payload);
  peer.send(PayloadType.Size, Buffer.from(JSON.stringify({ cols: 100, rows: 30 })));
  peer.send(PayloadType.Output, encryptPayload(keys.encrypt, Buffer.from('stty size; echo kms-$((2+3))\r')));
  await peer.waitForText('kms-5');
  assert.match(peer.text(), /30 100/);
  const outputs = peer.delivered.filter((f) => f.payloadType === PayloadType.Output);
  for (const frame of outputs) assert.ok(frame.payload.length > 28 && !frame.payload.toString().includes('kms-5'));
  agent.terminate(spec.sessionId);
});

test('KMS without the challenge acknowledgement: the context has no RandomChallenge and it still works', async () => {
  const { spec, peer, keys } = await openKmsShell({ acknowledgeChallenge: false });
  const { body } = await peer.waitForJson<{ Challenge: string }>(PayloadType.EncChallengeRequest);
  const plain = decryptPayload(keys.decrypt, Buffer.from(body.Challenge, 'base64'));
  peer.send(PayloadType.EncChallengeResponse, Buffer.from(JSON.stringify({ Challenge: encryptPayload(keys.encrypt, plain).toString('base64') })));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  assert.equal(agent.status(spec.sessionId), 'Connected');
  agent.terminate(spec.sessionId);
});

test('a wrong challenge answer cancels the session', async () => {
  const { spec, peer, keys } = await openKmsShell({ acknowledgeChallenge: true });
  await peer.waitForJson(PayloadType.EncChallengeRequest);
  peer.send(PayloadType.EncChallengeResponse, Buffer.from(JSON.stringify({ Challenge: encryptPayload(keys.encrypt, Buffer.alloc(64)).toString('base64') })));
  await peer.waitFor(() => peer.channelClosed !== null, 3000, 'channel_closed');
  assert.match(String(peer.channelClosed!.Output), /challenge/);
  assert.equal(agent.status(spec.sessionId), 'Failed');
});
