// KMS for encrypted sessions (docs/reference/ssm-data-channel.md §7): the client asks KMS for a 64-byte data
// key bound to the session, hands the agent the ciphertext, and proves both halves work by
// re-encrypting the agent's challenge. The plaintext key never leaves this process.
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import { DATA_KEY_LENGTH, decryptPayload, encryptPayload, splitDataKey } from './session-cipher';
import type { SessionKeys } from './session-cipher';
import type { KmsParameters } from './handshake';

export interface KmsSessionBinding {
  sessionId: string;
  /** The StartSession Target: the agent decrypts with its own instance id, so they must match. */
  target: string;
}

export function encryptionContext(binding: KmsSessionBinding, request: KmsParameters): Record<string, string> {
  return {
    'aws:ssm:SessionId': binding.sessionId,
    'aws:ssm:TargetId': binding.target,
    ...(request.challenge !== undefined ? { 'aws:ssm:RandomChallenge': request.challenge } : {}),
  };
}

export interface KmsSetup {
  keys: SessionKeys;
  /** The KMSEncryption ActionResult for the HandshakeResponse. */
  actionResult: { KMSCipherTextKey: string; KMSCipherTextHash: null; ChallengeAcknowledgement?: true };
}

export async function generateSessionKeys(kms: KMSClient, binding: KmsSessionBinding, request: KmsParameters): Promise<KmsSetup> {
  const out = await kms.send(
    new GenerateDataKeyCommand({ KeyId: request.keyId, NumberOfBytes: DATA_KEY_LENGTH, EncryptionContext: encryptionContext(binding, request) }),
  );
  if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
  const keys = splitDataKey(out.Plaintext, 'client');
  out.Plaintext.fill(0);
  return {
    keys,
    actionResult: {
      KMSCipherTextKey: Buffer.from(out.CiphertextBlob).toString('base64'),
      KMSCipherTextHash: null,
      ...(request.challenge !== undefined ? { ChallengeAcknowledgement: true as const } : {}),
    },
  };
}

/** EncChallengeRequest → EncChallengeResponse payload: decrypt with our decrypt key, re-encrypt with our encrypt key. */
export function answerEncryptionChallenge(keys: SessionKeys, requestPayload: Buffer): Buffer {
  const body = JSON.parse(requestPayload.toString('utf8')) as { Challenge?: unknown };
  if (typeof body.Challenge !== 'string') throw new Error('EncChallengeRequest without a Challenge');
  const challenge = decryptPayload(keys.decrypt, Buffer.from(body.Challenge, 'base64'));
  return Buffer.from(JSON.stringify({ Challenge: encryptPayload(keys.encrypt, challenge).toString('base64') }));
}
