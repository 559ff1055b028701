import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectPages, mapLimited } from '../../../main/daemon/util/paginate';

test('collects every page in order and stops on a missing or repeated token', async () => {
  const pages: Record<string, { items: number[]; nextToken?: string }> = { start: { items: [1, 2], nextToken: 'a' }, a: { items: [3], nextToken: 'b' }, b: { items: [4] } };
  assert.deepEqual(await collectPages(async (t) => pages[t ?? 'start']!), [1, 2, 3, 4]);
  assert.deepEqual(await collectPages(async () => ({ items: [1], nextToken: 'same' })), [1, 1]);
});

test('mapLimited keeps order and never exceeds its concurrency', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (n) => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, n * 3));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
});
