// AES-256-GCM as Session Manager uses it for KMS-encrypted sessions (docs/reference/ssm-data-channel.md §7):
// wire form nonce(12) ‖ ciphertext ‖ tag(16), no associated data. The 64-byte KMS data key is split:
// bytes 0–31 carry agent→client traffic, bytes 32–63 client→agent.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
export const DATA_KEY_LENGTH = 64;

export function encryptPayload(key: Uint8Array, plaintext: Uint8Array, nonce: Uint8Array = randomBytes(NONCE_LENGTH)): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function decryptPayload(key: Uint8Array, sealed: Uint8Array): Buffer {
  if (sealed.length < NONCE_LENGTH + TAG_LENGTH) throw new Error('encrypted payload too short');
  const nonce = sealed.subarray(0, NONCE_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_LENGTH, sealed.length - TAG_LENGTH)), decipher.final()]);
}

/** The two 32-byte keys of one side of the session. */
export interface SessionKeys {
  encrypt: Buffer;
  decrypt: Buffer;
}

export function splitDataKey(dataKey: Uint8Array, side: 'client' | 'agent'): SessionKeys {
  if (dataKey.length !== DATA_KEY_LENGTH) throw new Error(`KMS data key must be ${DATA_KEY_LENGTH} bytes, got ${dataKey.length}`);
  const agentToClient = Buffer.from(dataKey.subarray(0, 32));
  const clientToAgent = Buffer.from(dataKey.subarray(32, 64));
  return side === 'client'
    ? { encrypt: clientToAgent, decrypt: agentToClient }
    : { encrypt: agentToClient, decrypt: clientToAgent };
}
