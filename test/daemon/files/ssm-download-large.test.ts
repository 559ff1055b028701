// A 64 MiB download over Session Manager (SDK 5 Linux, unpaced emulator): exact bytes and progress to
// the end. One direction per test file (the other: ssm-upload-large.test.ts), so each stays well
// inside the runner's per-file time on a loaded machine; 1 GiB is bench material
// (docs/file-transfer.md).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { sdk5, sha256, useSsmFixture } from './support/ssm-fixture';

const f = useSsmFixture();
const BIG = 64 * 1024 * 1024;

test('a 64 MiB download: exact bytes, progress up to the end', async () => {
  await f.fresh();
  const content = randomBytes(BIG);
  await writeFile(join(f.remoteDir, 'big.bin'), content);
  const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'big.bin'), localPath: join(f.localDir, 'big.bin'), transferId: 'big-down' });
  assert.equal(down.sha256, sha256(content));
  assert.equal(sha256(await readFile(down.path)), sha256(content));
  const steps = f.h.progress('big-down').map((p) => p.bytes);
  assert.ok(steps.length >= 2 && steps.at(-1) === BIG, `progress up to the end: ${steps.join(',')}`);
});
