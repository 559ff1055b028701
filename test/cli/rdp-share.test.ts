// `gamelift-connect rdp --share DIR` on a server SDK 4 Windows instance: the (in-process) daemon
// launches the real xfreerdp, logged in to the real FreeRDP server with the issued password, with
// the folder (given relative, made absolute by the CLI) as one /drive argument; the command says
// where Windows shows it, and the password is on no command line. A folder that is not there
// fails the command in words before anything is opened.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { argvsWith } from '../support/processes';
import { startRdpServer, type RdpServer } from '../support/rdp-server';
import { waitFor } from '../support/wait';
import { runCliProcess } from './cli-process';

const SDK4_WINDOWS_FLEET = 'fleet-2a9c6e1d-0005-4b7f-8e3a-6c1d9f2b0005';
const SDK4_WINDOWS = 'i-0e5b9a6c3f1b70001';

let rdp: RdpServer;
let emulator: Emulator;
let dir: string;
let env: Record<string, string>;

before(async () => {
  assertPrivateKeyring();
  rdp = await startRdpServer();
  emulator = await startEmulator({ sdk4: { windowsPassword: rdp.password } });
  dir = await mkdtemp(join(tmpdir(), 'glc-cli-share-'));
  env = {
    DISPLAY: rdp.display,
    GAMELIFT_CONNECT_RDP_HOST: rdp.host,
    GAMELIFT_CONNECT_RDP_PORT: String(rdp.port),
    GAMELIFT_CONNECT_RDP_USER: rdp.user,
    GAMELIFT_CONNECT_CLIENT_ADDRESS: '127.0.0.1',
  };
});
after(async () => {
  await emulator?.close();
  await rdp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('rdp --share DIR (SDK 4): xfreerdp connects with the folder as /drive:<name>,<absolute path>, the command prints \\\\tsclient\\<name>, no password on a command line', async () => {
  const folder = join(dir, 'Saved Games');
  await mkdir(folder);
  const run = runCliProcess(emulator, ['rdp', SDK4_WINDOWS_FLEET, SDK4_WINDOWS, '--open-port', '--share', relative(process.cwd(), folder), '--share-name', 'saves'], env);
  try {
    await waitFor('the session to start', () => run.stdout().includes('Press Ctrl-C') || run.child.exitCode !== null, 60_000);
    assert.match(run.stdout(), /^Windows user: rdptest$/m, run.stderr());
    assert.ok(run.stdout().includes(`Shared folder: ${folder} → \\\\tsclient\\saves on Windows`), run.stdout());
    const clients = argvsWith(`/drive:saves,${folder}`);
    assert.equal(clients.length, 1, 'one client with the drive');
    assert.ok(clients[0]!.includes(`/drive:saves,${folder}`) && clients[0]!.some((arg) => /xfreerdp$/.test(arg)), clients[0]!.join(' '));
    assert.deepEqual(argvsWith(rdp.password), []);
  } finally {
    run.child.kill('SIGINT');
  }
  assert.equal(await run.exit, 0, run.stderr());
  await waitFor('the client to be stopped with the session', () => argvsWith(`/drive:saves,${folder}`).length === 0, 10_000);
  assert.ok(!run.stdout().includes(rdp.password) && !run.stderr().includes(rdp.password));
});

test('rdp --share with no such folder: exit 1 with the reason and a hint, nothing opened', async () => {
  const missing = join(dir, 'not-there');
  const run = runCliProcess(emulator, ['rdp', SDK4_WINDOWS_FLEET, SDK4_WINDOWS, '--open-port', '--share', missing], env);
  assert.equal(await run.exit, 1, run.stdout());
  assert.match(run.stderr(), new RegExp(`There is no folder ${missing}`));
  assert.match(run.stderr(), /Pick an existing folder/);
  assert.ok(!run.stdout().includes('RDP session'), run.stdout());
});
