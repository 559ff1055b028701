import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decryptPayload, encryptPayload, splitDataKey } from '../../../main/daemon/ssm/session-cipher';

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/ssm-vectors.json', import.meta.url), 'utf8')) as Record<string, string>;
const dataKey = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
const nonce = Buffer.from(Array.from({ length: 12 }, (_, i) => i));

test('client encrypts with data key bytes 32–63 and decrypts with 0–31 (vectors)', () => {
  const client = splitDataKey(dataKey, 'client');
  assert.equal(encryptPayload(client.encrypt, Buffer.from('hello'), nonce).toString('hex'), vectors.gcm_client_to_agent);
  assert.equal(decryptPayload(client.decrypt, Buffer.from(vectors.gcm_agent_to_client!, 'hex')).toString(), 'hello');
});

test('agent keys mirror the client keys', () => {
  const agent = splitDataKey(dataKey, 'agent');
  assert.equal(encryptPayload(agent.encrypt, Buffer.from('hello'), nonce).toString('hex'), vectors.gcm_agent_to_client);
  assert.equal(decryptPayload(agent.decrypt, Buffer.from(vectors.gcm_client_to_agent!, 'hex')).toString(), 'hello');
});

test('a tampered ciphertext fails authentication', () => {
  const sealed = Buffer.from(vectors.gcm_agent_to_client!, 'hex');
  sealed.writeUInt8(sealed.readUInt8(14) ^ 1, 14);
  assert.throws(() => decryptPayload(splitDataKey(dataKey, 'client').decrypt, sealed));
});
