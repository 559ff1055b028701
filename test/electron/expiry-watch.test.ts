// The expiry safety net warns once per expiry, only inside the last minute, never for sessions
// being renewed or already ended, and again after a renewal moved the expiry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueWarnings, WARN_BEFORE_MS } from '../../main/electron/expiry-watch';
import { NOW, session } from './support/session';

test('inside the last minute: one warning with the time left', () => {
  const warned = new Set<string>();
  const s = session({ expiresAt: NOW + 45_000 });
  const first = dueWarnings([s], NOW, warned);
  assert.equal(first.length, 1);
  assert.equal(first[0]?.title, 'Access to compute-1 expires in 45 s');
  assert.deepEqual(dueWarnings([s], NOW + 1_000, warned), [], 'once per expiry');
});

test('not too early, not after expiry, not while renewing or ended', () => {
  const warned = new Set<string>();
  assert.deepEqual(dueWarnings([session({ expiresAt: NOW + WARN_BEFORE_MS + 1 })], NOW, warned), []);
  assert.deepEqual(dueWarnings([session({ expiresAt: NOW - 1 })], NOW, warned), []);
  assert.deepEqual(dueWarnings([session({ expiresAt: NOW + 10_000, state: 'renewing' })], NOW, warned), []);
  assert.deepEqual(dueWarnings([session({ expiresAt: NOW + 10_000, state: 'ended' })], NOW, warned), []);
  assert.deepEqual(dueWarnings([session({})], NOW, warned), [], 'no expiry known');
});

test('a renewal re-arms the warning for the new expiry', () => {
  const warned = new Set<string>();
  assert.equal(dueWarnings([session({ expiresAt: NOW + 30_000 })], NOW, warned).length, 1);
  assert.equal(dueWarnings([session({ expiresAt: NOW + 900_000 + 30_000 })], NOW + 900_000, warned).length, 1);
});
