import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeInput, fromBase64, MAX_WRITE_BYTES, toBase64 } from '../../renderer/src/terminal/bytes';

const bytes = (s: string) => new TextEncoder().encode(s);

test('base64 round trip of arbitrary bytes', () => {
  const all = new Uint8Array(256).map((_, i) => i);
  assert.deepEqual(fromBase64(toBase64(all)), all);
  assert.equal(toBase64(bytes('héllo')), Buffer.from('héllo').toString('base64'));
});

test('input is UTF-8 and split within the 64 KiB write limit', () => {
  assert.deepEqual(encodeInput('ls\r'), [Buffer.from('ls\r').toString('base64')]);
  const big = 'é'.repeat(MAX_WRITE_BYTES); // 2 bytes each
  const chunks = encodeInput(big);
  assert.equal(chunks.length, 2);
  for (const c of chunks) assert.ok(Buffer.from(c, 'base64').length <= MAX_WRITE_BYTES);
  assert.equal(Buffer.concat(chunks.map((c) => Buffer.from(c, 'base64'))).toString('utf8'), big);
});
