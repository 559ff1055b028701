import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Paginator } from '../../../emulator/core/pagination';

const items = Array.from({ length: 7 }, (_, i) => i);
const pages = new Paginator(() => new Error('invalid token'));

test('pages cover the list once, the last without a token', () => {
  const first = pages.page(items, 'q', 3, undefined);
  const second = pages.page(items, 'q', 3, first.nextToken);
  const third = pages.page(items, 'q', 3, second.nextToken);
  assert.deepEqual([first.items, second.items, third.items], [[0, 1, 2], [3, 4, 5], [6]]);
  assert.equal(third.nextToken, undefined);
});

test('tokens are bound to their query and to this paginator', () => {
  const { nextToken } = pages.page(items, { fleet: 'a' }, 2, undefined);
  assert.throws(() => pages.page(items, { fleet: 'b' }, 2, nextToken), /invalid token/);
  assert.throws(() => new Paginator(() => new Error('other')).page(items, { fleet: 'a' }, 2, nextToken), /other/);
});

test('a tampered or garbage token is refused', () => {
  const { nextToken } = pages.page(items, 'q', 2, undefined);
  const raw = Buffer.from(nextToken!, 'base64url');
  raw[raw.length - 2]! ^= 1;
  assert.throws(() => pages.page(items, 'q', 2, raw.toString('base64url')), /invalid token/);
  assert.throws(() => pages.page(items, 'q', 2, 'x'), /invalid token/);
});

test('a token past the end of a list that shrank is refused', () => {
  const { nextToken } = pages.page(items, 'q', 6, undefined);
  assert.throws(() => pages.page(items.slice(0, 3), 'q', 6, nextToken), /invalid token/);
});

test('pageAsOf: pages of a growing newest-first list continue the snapshot the first page saw', () => {
  const log = [1, 2, 3, 4, 5].map((t) => ({ t }));
  const view = (asOf: number) => log.filter((e) => e.t <= asOf).reverse();
  const first = pages.pageAsOf(view, 'events', 2, undefined, 5);
  log.push({ t: 6 }, { t: 7 });
  const second = pages.pageAsOf(view, 'events', 2, first.nextToken, 7);
  const third = pages.pageAsOf(view, 'events', 2, second.nextToken, 7);
  assert.deepEqual([first.items, second.items, third.items].map((p) => p.map((e) => e.t)), [[5, 4], [3, 2], [1]]);
  assert.equal(third.nextToken, undefined);
  assert.deepEqual(pages.pageAsOf(view, 'events', 2, undefined, 7).items.map((e) => e.t), [7, 6]);
  assert.throws(() => pages.pageAsOf(view, 'other', 2, first.nextToken, 7), /invalid token/);
  const plain = pages.page(items, 'events', 2, undefined);
  assert.throws(() => pages.pageAsOf(view, 'events', 2, plain.nextToken, 7), /invalid token/);
});
