// A transfer that outlives its credentials several times while the service recycles its WebSocket
// every 1.5 s (SDK 5 Linux, unpaced emulator): the session renews its access and the SSM client
// resumes under the transfer, and the bytes arrive exact both ways.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { sdk5, sha256, useSsmFixture } from './support/ssm-fixture';

const LIFETIME_MS = 2000;
const f = useSsmFixture({
  emulator: { credentialLifetimeMs: LIFETIME_MS, faults: { agent: { recycleEveryMs: 1500 } } },
  daemon: { settings: { credentialLifetimeMs: LIFETIME_MS } },
});

test('renewals and WebSocket recycles under a running transfer: exact bytes both ways', async () => {
  await f.fresh();
  const content = randomBytes(6 * 1024 * 1024);
  await writeFile(join(f.localDir, 'src.bin'), content);
  const started = Date.now();
  const up = await f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'src.bin'), remotePath: join(f.remoteDir, 'up.bin') });
  const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: up.path, localPath: join(f.localDir, 'down.bin') });
  assert.equal(sha256(await readFile(up.path)), sha256(content));
  assert.equal(sha256(await readFile(down.path)), sha256(content));
  const states = f.h.emitted.filter((e) => e.event === 'sessionChanged').map((e) => (e.payload as { state: string }).state);
  assert.ok(states.includes('reconnecting'), `resumed at least once: ${states.join(' → ')}`);
  // Renewals are only expected when the copies outlived a lifetime (a fast machine may be quicker).
  if (Date.now() - started > 2 * LIFETIME_MS) assert.ok(states.includes('renewing'), `renewed: ${states.join(' → ')}`);
});
