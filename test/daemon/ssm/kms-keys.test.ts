import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KMSClient } from '@aws-sdk/client-kms';
import { answerEncryptionChallenge, encryptionContext, generateSessionKeys } from '../../../main/daemon/ssm/kms-keys';
import { decryptPayload, encryptPayload, splitDataKey } from '../../../main/daemon/ssm/session-cipher';

const dataKey = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
const binding = { sessionId: 'sess-1', target: 'i-0123456789abcdef0' };

/** KMS as AWS answers GenerateDataKey, with a fixed key so the derivation can be checked. */
function fixedKms(calls: unknown[]): KMSClient {
  return {
    send: async (command: { input: unknown }) => {
      calls.push(command.input);
      return { Plaintext: Uint8Array.from(dataKey), CiphertextBlob: Buffer.from('sealed-key'), KeyId: 'k' };
    },
  } as unknown as KMSClient;
}

test('the encryption context names the session and target, plus the challenge when there is one', () => {
  assert.deepEqual(encryptionContext(binding, { keyId: 'k' }), { 'aws:ssm:SessionId': 'sess-1', 'aws:ssm:TargetId': 'i-0123456789abcdef0' });
  assert.equal(encryptionContext(binding, { keyId: 'k', challenge: 'Q2hhbGxlbmdl' })['aws:ssm:RandomChallenge'], 'Q2hhbGxlbmdl');
});

test('GenerateDataKey asks for 64 bytes; bytes 32–63 encrypt and 0–31 decrypt on the client', async () => {
  const calls: unknown[] = [];
  const setup = await generateSessionKeys(fixedKms(calls), binding, { keyId: 'alias/x', challenge: 'Q2g=' });
  assert.deepEqual(calls[0], {
    KeyId: 'alias/x', NumberOfBytes: 64,
    EncryptionContext: { 'aws:ssm:SessionId': 'sess-1', 'aws:ssm:TargetId': 'i-0123456789abcdef0', 'aws:ssm:RandomChallenge': 'Q2g=' },
  });
  assert.deepEqual(setup.keys.encrypt, dataKey.subarray(32, 64));
  assert.deepEqual(setup.keys.decrypt, dataKey.subarray(0, 32));
  assert.deepEqual(setup.actionResult, { KMSCipherTextKey: Buffer.from('sealed-key').toString('base64'), KMSCipherTextHash: null, ChallengeAcknowledgement: true });
});

test('without a challenge the response does not acknowledge one', async () => {
  const setup = await generateSessionKeys(fixedKms([]), binding, { keyId: 'k' });
  assert.equal('ChallengeAcknowledgement' in setup.actionResult, false);
});

test('the encryption challenge is decrypted with the agent→client key and re-encrypted with ours', () => {
  const agent = splitDataKey(dataKey, 'agent');
  const client = splitDataKey(dataKey, 'client');
  const secret = Buffer.from(Array.from({ length: 64 }, (_, i) => 255 - i));
  const request = Buffer.from(JSON.stringify({ Challenge: encryptPayload(agent.encrypt, secret).toString('base64') }));
  const response = JSON.parse(answerEncryptionChallenge(client, request).toString()) as { Challenge: string };
  assert.deepEqual(decryptPayload(agent.decrypt, Buffer.from(response.Challenge, 'base64')), secret);
});

test('a challenge sealed with the wrong key is refused', () => {
  const client = splitDataKey(dataKey, 'client');
  const request = Buffer.from(JSON.stringify({ Challenge: encryptPayload(Buffer.alloc(32, 7), Buffer.alloc(64)).toString('base64') }));
  assert.throws(() => answerEncryptionChallenge(client, request));
});
