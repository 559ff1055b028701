import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from '../../../main/daemon/util/ttl-cache';

test('concurrent gets share one load; a hit within the TTL costs nothing; refresh reloads', async () => {
  let now = 0;
  let loads = 0;
  const cache = new TtlCache<number>(1000, () => now);
  const load = async () => {
    loads++;
    await new Promise((r) => setTimeout(r, 10));
    return loads;
  };
  assert.deepEqual(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]), [1, 1, 1]);
  now = 999;
  assert.equal(await cache.get('k', load), 1);
  assert.equal(await cache.get('k', load, true), 2);
  now = 5000;
  assert.equal(await cache.get('k', load), 3);
});

test('a load that finishes after clear() is not kept (a new identity must not see old data)', async () => {
  const cache = new TtlCache<string>(60_000);
  let release!: (v: string) => void;
  const pending = cache.get('k', () => new Promise<string>((r) => (release = r)));
  cache.clear();
  release('old');
  assert.equal(await pending, 'old');
  assert.equal(cache.peek('k'), undefined);
});

test('a failed load is not cached', async () => {
  const cache = new TtlCache<string>(60_000);
  await assert.rejects(cache.get('k', () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await cache.get('k', async () => 'ok'), 'ok');
});
