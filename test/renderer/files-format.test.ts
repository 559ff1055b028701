import assert from 'node:assert/strict';
import { test } from 'node:test';
import { breadcrumbs, childPath, formatEta, formatRate, isExistsError, parentPath, RateMeter, sortEntries, toBase64, type DirEntry } from '../../renderer/src/files-format';

const entry = (name: string, type: DirEntry['type'] = 'file'): DirEntry => ({ name, type, size: 1, modifiedAt: 0 });

test('sortEntries: folders first, then names as people read them (file2 before file10), case aside', () => {
  const sorted = sortEntries([entry('file10'), entry('b', 'directory'), entry('File2'), entry('A', 'directory'), entry('link', 'symlink'), entry('file1')]);
  assert.deepEqual(
    sorted.map((e) => e.name),
    ['A', 'b', 'file1', 'File2', 'file10', 'link'],
  );
});

test('remote paths: child, parent (root stays root), breadcrumbs', () => {
  assert.equal(childPath('/', 'etc'), '/etc');
  assert.equal(childPath('/local/game', 'logs'), '/local/game/logs');
  assert.equal(parentPath('/local/game/logs'), '/local/game');
  assert.equal(parentPath('/local/'), '/');
  assert.equal(parentPath('/'), '/');
  assert.deepEqual(breadcrumbs('/local/game'), [
    { name: '/', path: '/' },
    { name: 'local', path: '/local' },
    { name: 'game', path: '/local/game' },
  ]);
  assert.deepEqual(breadcrumbs('/'), [{ name: '/', path: '/' }]);
});

test('formatRate and formatEta: nothing until known; seconds, minutes, hours', () => {
  assert.equal(formatRate(null), '');
  assert.equal(formatRate(1.5 * 1024 * 1024), '1.5 MB/s');
  assert.equal(formatEta(0, 100, null), '');
  assert.equal(formatEta(100, 100, 10), '', 'done: no time left shown');
  assert.equal(formatEta(0, 0, 10), '', 'unknown total');
  assert.equal(formatEta(0, 95, 10), '10 s left');
  assert.equal(formatEta(0, 600 * 10, 10), '10 min left');
  assert.equal(formatEta(0, 3900 * 10, 10), '1 h 05 min left');
});

test('RateMeter: the rate over the last seconds, not the whole transfer', () => {
  const meter = new RateMeter(3000);
  meter.add(0, 0);
  assert.equal(meter.rate(), null, 'one sample tells nothing');
  meter.add(1000, 10_000_000); // a fast first second
  assert.equal(meter.rate(), 10_000_000);
  for (let t = 2000; t <= 6000; t += 1000) meter.add(t, 10_000_000 + (t - 1000) * 1000); // then 1 MB/s
  assert.equal(meter.rate(), 1_000_000, 'the early burst has left the window');
});

test('isExistsError: the daemon\'s "already exists" refusals, local or remote, and nothing else', () => {
  assert.ok(isExistsError({ code: 'InvalidInput', message: '/home/u/Downloads/a.txt already exists.' }));
  assert.ok(isExistsError({ code: 'InvalidInput', message: '/tmp/a.txt already exists on the instance.' }));
  assert.ok(!isExistsError({ code: 'NotFound', message: '/tmp/a.txt already exists.' }));
  assert.ok(!isExistsError({ code: 'InvalidInput', message: '/tmp/a.txt is a folder.' }));
});

test('toBase64 matches Node for every byte value and for sizes past one String.fromCharCode batch', () => {
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
  assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
  assert.equal(toBase64(new Uint8Array()), '');
});
