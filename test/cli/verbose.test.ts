// `--verbose` mirrors the daemon's log to stderr: a command running its daemon in-process (no
// daemon is running here) writes its log file in the data dir either way, and with --verbose the
// same lines appear on stderr, while stdout keeps only the command's output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { logFilePath } from '../../main/daemon/paths';
import { startEmulator, type Emulator } from '../../emulator/index';
import { cliInvocation } from './cli-process';

let emulator: Emulator;

before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator?.close();
});

/** `fleets --json` as a child process with its own data and runtime dirs (so no daemon is found). */
async function fleets(extra: string[]): Promise<{ status: number | null; stdout: string; stderr: string; logFile: string }> {
  const { env, argv } = cliInvocation(emulator, ['fleets', '--json', ...extra]);
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-cli-verbose-'));
  const child = spawn(process.execPath, argv, {
    env: { ...env, GAMELIFT_CONNECT_DATA_DIR: dataDir, GAMELIFT_CONNECT_RUNTIME_DIR: join(dataDir, 'run') },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve)); // all output read
  return { status, stdout, stderr, logFile: logFilePath(dataDir) };
}

test('--verbose: the in-process daemon\'s log lines go to stderr as well as to its file', async () => {
  const run = await fleets(['--verbose']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Array.isArray(JSON.parse(run.stdout)), 'stdout is still the JSON alone');
  const logged = (await readFile(run.logFile, 'utf8')).split('\n').filter(Boolean);
  assert.match(logged[0]!, /INFO {2}\[daemon\] starting version=/);
  assert.match(logged.at(-1)!, /INFO {2}\[daemon\] stopped/);
  for (const line of logged) assert.ok(run.stderr.includes(line), `mirrored to stderr: ${line}`);
});

test('without --verbose the log is written, and stderr stays quiet', async () => {
  const run = await fleets([]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(await readFile(run.logFile, 'utf8'), /\[daemon\] starting/);
  assert.doesNotMatch(run.stderr, /\[daemon\]/);
});
