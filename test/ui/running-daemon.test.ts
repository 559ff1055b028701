// `gamelift-connect web` reuses the user's running daemon when that daemon serves the UI, and
// tells one that does not (API only) apart from none at all.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { serveDaemon } from '../../main/daemon/api/serve';
import { Daemon } from '../../main/daemon/daemon';
import { memoryKeychain } from '../../main/daemon/web/memory-keychain';
import { startSandbox } from '../../main/daemon/web/sandbox';
import { findRunningDaemon, startWebMode } from '../../main/daemon/web/web-mode';
import { RENDERER, UI_TEST } from './support/app';

test('none, a daemon with the web UI, and one with the API only', UI_TEST, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'running-daemon-'));
  try {
    assert.deepEqual(await findRunningDaemon(join(dir, 'nobody')), { kind: 'none' });

    const web = await startWebMode({ rendererRoot: RENDERER, sandbox: () => startSandbox(), runtimeDir: join(dir, 'with-ui') });
    try {
      const found = await findRunningDaemon(join(dir, 'with-ui'));
      assert.equal(found.kind, 'with-ui');
      assert.equal(found.kind === 'with-ui' && found.url, web.url);
    } finally {
      await web.close();
    }
    assert.deepEqual(await findRunningDaemon(join(dir, 'with-ui')), { kind: 'none' }, 'gone once closed');

    const sandbox = await startSandbox();
    const daemon = await Daemon.start({ sandbox: sandbox.identity, dataDir: join(dir, 'data'), keychain: memoryKeychain(), settings: sandbox.settings });
    const apiOnly = await serveDaemon(daemon, { runtimeDir: join(dir, 'api-only') });
    try {
      assert.deepEqual(await findRunningDaemon(join(dir, 'api-only')), { kind: 'api-only', pid: process.pid });
    } finally {
      await apiOnly.close();
      await daemon.stop();
      await sandbox.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
