// The daemon's default log: in its data dir, named by getStatus (the window shows it), and the file
// an Internal error points to. A host's own log replaces it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Daemon } from '../../../main/daemon/daemon';
import { quietLogger } from '../../../main/daemon/log/logger';
import { logFilePath } from '../../../main/daemon/paths';
import { memoryKeychain } from '../../../main/daemon/web/memory-keychain';

test('by default the log is <dataDir>/logs/gamelift-connect.log, and getStatus names it', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-daemon-log-'));
  const daemon = await Daemon.start({ dataDir, keychain: memoryKeychain(), profile: null, region: 'us-west-2' });
  try {
    assert.equal(daemon.log.file, logFilePath(dataDir));
    assert.equal((await daemon.api.getStatus({})).logFile, logFilePath(dataDir));
    assert.match(readFileSync(logFilePath(dataDir), 'utf8'), /INFO {2}\[daemon\] starting version=\S+ pid=\d+ sandbox=false/);
  } finally {
    await daemon.stop();
  }
  assert.match(readFileSync(logFilePath(dataDir), 'utf8'), /\[daemon\] stopped\n$/);
});

test('a host\'s own log replaces the file: nothing is written to the data dir, and getStatus says null', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-daemon-log-'));
  const lines: string[] = [];
  const daemon = await Daemon.start({ dataDir, keychain: memoryKeychain(), profile: null, region: 'us-west-2', log: quietLogger((l) => lines.push(l)) });
  await daemon.stop();
  assert.equal((await daemon.api.getStatus({})).logFile, null);
  assert.ok(!existsSync(logFilePath(dataDir)));
  assert.ok(lines.some((l) => l.includes('[daemon] starting')));
});
