import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteRing } from '../../../main/daemon/sessions/ring-buffer';

test('keeps the most recent bytes within capacity', () => {
  const ring = new ByteRing(8);
  ring.push(Buffer.from('abcde'));
  ring.push(Buffer.from('fghij'));
  assert.equal(ring.read().toString(), 'cdefghij');
  ring.push(Buffer.from('0123456789AB'));
  assert.equal(ring.read().toString(), '456789AB');
  assert.equal(ring.length, 8);
});

test('copies input, so later changes to a caller buffer do not leak in', () => {
  const ring = new ByteRing(16);
  const chunk = Buffer.from('hello');
  ring.push(chunk);
  chunk.fill(0);
  assert.equal(ring.read().toString(), 'hello');
});
