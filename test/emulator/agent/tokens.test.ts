import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBook } from '../../../emulator/agent/tokens';

test('tokens: single use, bound to a session, short-lived', async () => {
  const book = new TokenBook(50);
  const token = book.issue('s-1');
  assert.deepEqual(book.redeem(token, 's-2'), { ok: false, reason: 'wrong-session' });
  assert.deepEqual(book.redeem(token, 's-1'), { ok: true });
  assert.deepEqual(book.redeem(token, 's-1'), { ok: false, reason: 'used' });
  const late = book.issue('s-1');
  await new Promise((resolve) => setTimeout(resolve, 70));
  assert.deepEqual(book.redeem(late, 's-1'), { ok: false, reason: 'expired' });
  const revoked = book.issue('s-1');
  book.revokeSession('s-1');
  assert.deepEqual(book.redeem(revoked, 's-1'), { ok: false, reason: 'unknown' });
});
