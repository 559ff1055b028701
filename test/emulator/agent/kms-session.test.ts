import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { PayloadType } from '../../../main/daemon/ssm/frame';
import { decryptPayload, encryptPayload, splitDataKey } from '../../../main/daemon/ssm/session-cipher';
import { AgentCipher } from './agent-cipher';
import type { AgentSessionSpec } from './agent-api';
import { DataChannelAgent } from './data-channel-agent';
import { KMS_CUSTOMER_MESSAGE } from './handshake';
import { TestPeer } from './test-peer';
import { LocalKms, shellSpec } from './test-support';

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/ssm-vectors.json', import.meta.url), 'utf8')) as Record<string, string>;
const VECTOR_KEY = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

let agent: DataChannelAgent;
const kms = new LocalKms();
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

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

test('the agent cipher matches the spec vectors: it opens client→agent bytes and its output opens with bytes 0–31', () => {
  const cipher = new AgentCipher(VECTOR_KEY);
  assert.equal(cipher.open(Buffer.from(vectors.gcm_client_to_agent!, 'hex')).toString(), 'hello');
  const sealed = cipher.seal(Buffer.from('hello'));
  assert.equal(sealed.length, 5 + 28);
  assert.equal(decryptPayload(VECTOR_KEY.subarray(0, 32), sealed).toString(), 'hello');
  assert.equal(decryptPayload(VECTOR_KEY.subarray(0, 32), Buffer.from(vectors.gcm_agent_to_client!, 'hex')).toString(), 'hello');
});

test('the agent nonce is a 96-bit little-endian counter', () => {
  const cipher = new AgentCipher(VECTOR_KEY);
  const a = cipher.seal(Buffer.from('a')).subarray(0, 12);
  const b = cipher.seal(Buffer.from('b')).subarray(0, 12);
  const asBigInt = (n: Buffer) => BigInt(`0x${Buffer.from(n).reverse().toString('hex')}`);
  assert.equal((asBigInt(b) - asBigInt(a) + (1n << 96n)) % (1n << 96n), 1n);
});

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
