// `gamelift-connect rdp` on a server SDK 4 Windows instance: it prints the Windows user GameLift
// issued, and --copy-password has the (in-process) daemon put the password on the clipboard of
// the desktop session, here a private Xvfb read with the real xclip; the password is in no output
// and no command line, and the clipboard is cleared when the command ends. On SDK 5 the copy is
// refused in words and the session stays.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { argvsWith } from '../support/processes';
import { spawnService, stopService, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';
import { runCliProcess } from './cli-process';

const SDK4_WINDOWS_FLEET = 'fleet-2a9c6e1d-0005-4b7f-8e3a-6c1d9f2b0005';
const SDK4_WINDOWS = 'i-0e5b9a6c3f1b70001';
const SDK5_WINDOWS_FLEET = 'fleet-2a9c6e1d-0002-4b7f-8e3a-6c1d9f2b0002';
const SDK5_WINDOWS = 'i-0b2e6d3f0c8e40001';

const password = `Pw-${randomBytes(12).toString('base64url')}`;
let emulator: Emulator;
let xvfb: ServiceProcess;
let dir: string;
let env: Record<string, string>;

before(async () => {
  assertPrivateKeyring();
  dir = await mkdtemp(join(tmpdir(), 'glc-cli-clip-'));
  xvfb = spawnService('Xvfb', ['-displayfd', '1', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { cwd: dir });
  const display = await waitFor('Xvfb to report its display', () => /^(\d+)$/m.exec(xvfb.output())?.[1], 10_000);
  emulator = await startEmulator({ sdk4: { windowsPassword: password } });
  env = {
    DISPLAY: `:${display}`,
    // Nothing connects (--no-launch); the address only has to exist.
    GAMELIFT_CONNECT_RDP_HOST: '127.0.0.1',
    GAMELIFT_CONNECT_RDP_PORT: '3389',
    GAMELIFT_CONNECT_CLIENT_ADDRESS: '127.0.0.1',
  };
});
after(async () => {
  await emulator?.close();
  if (xvfb) await stopService(xvfb);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const clipboardText = () => {
  try {
    return execFileSync('xclip', ['-selection', 'clipboard', '-out'], { env: { ...process.env, DISPLAY: env.DISPLAY }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return ''; // nothing on the clipboard
  }
};

test('rdp --copy-password (SDK 4): prints the Windows user, copies the password (never printed), clears it when the command ends', async () => {
  const run = runCliProcess(emulator, ['rdp', SDK4_WINDOWS_FLEET, SDK4_WINDOWS, '--no-launch', '--open-port', '--copy-password'], env);
  await waitFor('the copy', () => run.stdout().includes('copied to the clipboard') || run.child.exitCode !== null, 30_000);
  assert.match(run.stdout(), /^Windows user: gl-user-remote$/m, run.stderr());
  assert.match(run.stdout(), /Password for gl-user-remote copied to the clipboard; it is cleared in 30 s\./);
  assert.equal(clipboardText(), password);
  assert.deepEqual(argvsWith(password), []);
  run.child.kill('SIGINT');
  assert.equal(await run.exit, 0, run.stderr());
  assert.notEqual(clipboardText(), password, 'the daemon cleared it as it stopped');
  assert.ok(!run.stdout().includes(password) && !run.stderr().includes(password));
});

test('rdp --copy-password (SDK 5): no password from GameLift, said on stderr; the session stays up', async () => {
  const run = runCliProcess(emulator, ['rdp', SDK5_WINDOWS_FLEET, SDK5_WINDOWS, '--no-launch', '--copy-password'], env);
  await waitFor('the refusal', () => run.stderr().includes('could not copy') || run.child.exitCode !== null, 30_000);
  assert.match(run.stderr(), /could not copy the password: Only server SDK 4 Remote Desktop sessions come with a Windows password/);
  assert.doesNotMatch(run.stdout(), /Windows user:/);
  assert.match(run.stdout(), /Press Ctrl-C to end the session/);
  run.child.kill('SIGINT');
  assert.equal(await run.exit, 0, run.stderr());
});
