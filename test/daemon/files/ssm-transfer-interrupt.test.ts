// Interrupted transfers over Session Manager (SDK 5 Linux and a container, unpaced emulator): a
// WebSocket dropped mid-stream is resumed by the SSM client and the bytes are exact; a session
// terminated mid-stream and a cancel fail cleanly, with nothing under the final name on either
// side and the compute's temporary file removed (its trap on the hang-up).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../../support/wait';
import { containerCompute, noPartials, sdk5, useSsmFixture } from './support/ssm-fixture';

const f = useSsmFixture();
/** Large enough to be surely under way when interrupted, small enough to stay short. */
const SIZE = 24 * 1024 * 1024;

test('a WebSocket dropped mid-transfer: the session resumes and the bytes are exact', async () => {
  await f.fresh();
  const content = randomBytes(8 * 1024 * 1024);
  await writeFile(join(f.remoteDir, 'resumed.bin'), content);
  f.h.emulator.setFaults({ agent: { dropAfterBytes: { bytes: 3 * 1024 * 1024, how: 'kill' } } });
  try {
    const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'resumed.bin'), localPath: f.localDir });
    assert.deepEqual(await readFile(down.path), content);
    const states = f.h.emitted.filter((e) => e.event === 'sessionChanged').map((e) => (e.payload as { state: string }).state);
    assert.ok(states.includes('reconnecting'), 'the drop was seen and resumed');
  } finally {
    f.h.emulator.setFaults({ agent: {} });
  }
});

/** The emulated agent's active session (the transfer's), once it exists. */
async function activeAgentSession(): Promise<string> {
  let id: string | undefined;
  await waitFor('an active SSM session', () => (id = f.h.emulator.sessions.all().find((r) => f.h.emulator.sessions.isActive(r))?.sessionId) !== undefined, 20_000);
  return id!;
}

/** Starts `copy`, waits for its first progress, runs `interrupt`, and returns the copy's failure. */
async function interrupted(transferId: string, copy: () => Promise<unknown>, interrupt: () => Promise<void> | void): Promise<Error & { code?: string }> {
  const failed = copy().then(
    () => assert.fail('the copy should not finish'),
    (err: Error) => err,
  );
  await waitFor('bytes flowing', () => f.h.progress(transferId).some((p) => p.bytes > 0), 30_000);
  await interrupt();
  return failed;
}

test('the session terminated mid-transfer: a clean error, nothing under the final name on either side', async () => {
  await f.fresh();
  const content = randomBytes(SIZE);
  await writeFile(join(f.remoteDir, 'big.bin'), content);
  await writeFile(join(f.localDir, 'big.bin'), content);
  const down = await interrupted('term-down', () => f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'big.bin'), localPath: join(f.localDir, 'down.bin'), transferId: 'term-down' }), async () => {
    f.h.emulator.agent.terminate(await activeAgentSession());
  });
  assert.equal(down.code, 'Unreachable');
  assert.match(down.message, /session ended/);
  assert.ok(!existsSync(join(f.localDir, 'down.bin')));
  await noPartials(f.localDir);
  const up = await interrupted('term-up', () => f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'big.bin'), remotePath: join(f.remoteDir, 'up.bin'), transferId: 'term-up' }), async () => {
    f.h.emulator.agent.terminate(await activeAgentSession());
  });
  assert.equal(up.code, 'Unreachable');
  assert.ok(!existsSync(join(f.remoteDir, 'up.bin')));
  // The compute's side removes its temporary file on the hang-up.
  await waitFor('no remote partial file', async () => (await readdir(f.remoteDir)).every((f) => !f.includes('.part-')), 10_000);
});

test('cancel: both ways, nothing is kept on either side', async () => {
  await f.fresh();
  const content = randomBytes(SIZE);
  await writeFile(join(f.remoteDir, 'big.bin'), content);
  await writeFile(join(f.localDir, 'big.bin'), content);
  const down = await interrupted('cancel-down', () => f.h.daemon.api.downloadFile({ ...sdk5, remotePath: join(f.remoteDir, 'big.bin'), localPath: join(f.localDir, 'down.bin'), transferId: 'cancel-down' }), async () => {
    assert.equal((await f.h.daemon.api.cancelTransfer({ transferId: 'cancel-down' })).cancelled, true);
  });
  assert.match(down.message, /cancelled/);
  assert.ok(!existsSync(join(f.localDir, 'down.bin')));
  await noPartials(f.localDir);
  const container = await containerCompute(f.h);
  const up = await interrupted('cancel-up', () => f.h.daemon.api.uploadFile({ ...container, localPath: join(f.localDir, 'big.bin'), remotePath: join(f.remoteDir, 'up.bin'), transferId: 'cancel-up' }), async () => {
    assert.equal((await f.h.daemon.api.cancelTransfer({ transferId: 'cancel-up' })).cancelled, true);
  });
  assert.match(up.message, /cancelled/);
  assert.ok(!existsSync(join(f.remoteDir, 'up.bin')));
  await waitFor('no remote partial file', async () => (await readdir(f.remoteDir)).every((f) => !f.includes('.part-')), 10_000);
});

