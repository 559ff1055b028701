import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decryptPayload } from '../../../main/daemon/ssm/session-cipher';
import { AgentCipher } from '../../../emulator/agent/agent-cipher';

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/ssm-vectors.json', import.meta.url), 'utf8')) as Record<string, string>;
const VECTOR_KEY = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

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
