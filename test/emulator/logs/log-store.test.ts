// The log store (the emulator's S3 stand-in for GameLift's logs) and its zip writer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { EmulatorClock } from '../../../emulator/core/clock';
import { LogStore } from '../../../emulator/logs/log-store';
import { crc32, zip } from '../../../emulator/logs/zip';
import { readZip } from '../zip-reader';

const run = promisify(execFile);

describe('zip', () => {
  test('crc32 agrees with zlib', () => {
    for (const text of ['', 'a', 'The quick brown fox', 'ü€😀'.repeat(50)]) assert.equal(crc32(Buffer.from(text)), zlibCrc32(Buffer.from(text)));
  });

  test('stored entries with UTF-8 names read back intact', () => {
    const archive = zip([
      { name: 'server.log', data: 'line 1\nline 2\n', modified: Date.UTC(2026, 11, 2, 7, 30, 14) },
      { name: 'logs/crash-ü.txt', data: Buffer.from([0, 1, 2, 255]), modified: Date.UTC(2026, 11, 2) },
    ]);
    const files = readZip(archive);
    assert.deepEqual(files.map((f) => [f.name, f.data.toString('hex')]), [
      ['server.log', Buffer.from('line 1\nline 2\n').toString('hex')],
      ['logs/crash-ü.txt', '000102ff'],
    ]);
    // DOS time of the first entry: 07:30:14 → (7<<11)|(30<<5)|7; date 2026-12-02 → (46<<9)|(12<<5)|2.
    assert.equal(archive.readUInt16LE(10), (7 << 11) | (30 << 5) | 7);
    assert.equal(archive.readUInt16LE(12), (46 << 9) | (12 << 5) | 2);
  });

  test('unzip accepts the archive', async (t) => {
    const unzip = await run('sh', ['-c', 'command -v unzip || true']);
    if (!unzip.stdout.trim()) return t.skip('unzip is not installed');
    const dir = await mkdtemp(join(tmpdir(), 'zip-test-'));
    try {
      await writeFile(join(dir, 'a.zip'), zip([{ name: 'server.log', data: 'hello\n', modified: Date.now() }]));
      const tested = await run('unzip', ['-t', join(dir, 'a.zip')]);
      assert.match(tested.stdout, /No errors detected/);
      assert.equal((await run('unzip', ['-p', join(dir, 'a.zip'), 'server.log'])).stdout, 'hello\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LogStore', () => {
  const store = new LogStore(new EmulatorClock(1), 'us-west-2', 'gamelift-logs-us-west-2');
  let made = 0;

  before(async () => {
    await store.listen();
    store.put('fleet-events/fleet-1/e-1.txt', () => {
      made += 1;
      return { body: Buffer.from('crash details\n'), contentType: 'text/plain; charset=utf-8', lastModified: Date.UTC(2026, 11, 1, 12) };
    });
  });
  after(() => store.close());

  const s3Error = async (response: Response) => {
    const body = await response.text();
    return [response.status, /<Code>([^<]+)<\/Code>/.exec(body)?.[1], /<Message>([^<]+)<\/Message>/.exec(body)?.[1]];
  };

  test('a presigned URL downloads the object, with S3’s headers; the object is made once', async () => {
    const url = store.presign('fleet-events/fleet-1/e-1.txt');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'crash details\n');
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(response.headers.get('last-modified'), 'Tue, 01 Dec 2026 12:00:00 GMT');
    assert.match(response.headers.get('etag')!, /^"[0-9a-f]{32}"$/);
    assert.match(response.headers.get('x-amz-request-id')!, /^[0-9A-F]{16}$/);
    const head = await fetch(url, { method: 'HEAD' });
    assert.deepEqual([head.status, head.headers.get('content-length')], [200, '14']);
    assert.equal(made, 1);
  });

  test('a tampered URL is SignatureDoesNotMatch, an unsigned one AccessDenied, both 403 with S3’s XML', async () => {
    const url = new URL(store.presign('fleet-events/fleet-1/e-1.txt'));
    const other = new URL(url);
    other.pathname = '/gamelift-logs-us-west-2/fleet-events/fleet-1/e-2.txt';
    assert.deepEqual(await s3Error(await fetch(other)), [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.']);
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    assert.deepEqual((await s3Error(await fetch(longer))).slice(0, 2), [403, 'SignatureDoesNotMatch']);
    assert.deepEqual(await s3Error(await fetch(`${url.origin}${url.pathname}`)), [403, 'AccessDenied', 'Access Denied']);
  });

  test('after 15 emulated minutes the URL has expired; a fresh one works', async () => {
    // 15 emulated minutes pass in 0.1 real seconds.
    const fast = new LogStore(new EmulatorClock(9000), 'us-west-2', 'gamelift-logs-us-west-2');
    await fast.listen();
    try {
      fast.put('a.txt', () => ({ body: Buffer.from('a'), contentType: 'text/plain', lastModified: 0 }));
      const url = fast.presign('a.txt');
      await sleep(300);
      const response = await fetch(url);
      const body = await response.clone().text();
      assert.deepEqual(await s3Error(response), [403, 'AccessDenied', 'Request has expired']);
      assert.match(body, /<X-Amz-Expires>900<\/X-Amz-Expires>/);
      // A fresh URL works (given the 100 ms it has, retried if this machine is too busy to fetch in time).
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) status = (await fetch(fast.presign('a.txt'))).status;
      assert.equal(status, 200);
    } finally {
      await fast.close();
    }
  });

  test('a key never stored is 404 NoSuchKey; other methods 405', async () => {
    assert.deepEqual(await s3Error(await fetch(store.presign('game-sessions/none.zip'))), [404, 'NoSuchKey', 'The specified key does not exist.']);
    assert.deepEqual((await s3Error(await fetch(store.presign('fleet-events/fleet-1/e-1.txt'), { method: 'DELETE' }))).slice(0, 2), [405, 'MethodNotAllowed']);
  });
});
