// A 1 GiB file each way over SFTP (server SDK 4 Linux; a real local OpenSSH as the instance): the
// issue's largest case, exact to the byte. The content numbers each 4 KiB block, so a block sent
// twice, dropped or out of order changes the SHA-256 (zeros would hide it). Session Manager
// transfers of this size take 20–50 minutes at the agent's pace: bench/transfer-throughput.ts
// measures their rate instead.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startSdk4Harness, type Harness } from '../harness';

const INSTANCE = 'i-0d4a8f5b2e0a60001';
const target = { fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true };
const GiB = 1024 * 1024 * 1024;
const BLOCK = 4096;

let h: Harness;
let dir: string;
before(async () => {
  assertPrivateKeyring();
  h = await startSdk4Harness(INSTANCE);
  dir = await mkdtemp(join(tmpdir(), 'glc-sftp-large-'));
});
after(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Writes `bytes` of numbered 4 KiB blocks to `path`; returns their SHA-256. */
async function writeNumbered(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(256 * BLOCK);
  for (let offset = 0; offset < bytes; offset += chunk.length) {
    for (let b = 0; b < chunk.length; b += BLOCK) chunk.fill(`block ${(offset + b) / BLOCK} `, b, b + BLOCK);
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

async function fileSha(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

test('1 GiB down and back up, exact to the byte, nothing partial left', async () => {
  const remote = join(dir, 'remote.bin');
  const sha = await writeNumbered(remote, GiB);
  const down = await h.daemon.api.downloadFile({ ...target, remotePath: remote, localPath: join(dir, 'local.bin') });
  assert.deepEqual({ bytes: down.bytes, sha256: down.sha256 }, { bytes: GiB, sha256: sha });
  assert.equal(await fileSha(join(dir, 'local.bin')), sha);
  await rm(remote);
  const up = await h.daemon.api.uploadFile({ ...target, localPath: join(dir, 'local.bin'), remotePath: join(dir, 'uploaded.bin') });
  assert.deepEqual({ bytes: up.bytes, sha256: up.sha256 }, { bytes: GiB, sha256: sha });
  assert.equal(await fileSha(join(dir, 'uploaded.bin')), sha);
  assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.part-')), []);
  assert.deepEqual(await h.vaultAccounts(), [], 'no secret outlives the copies');
});
