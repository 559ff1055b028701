// `gamelift-connect daemon` as a real child process on the emulator, and the commands that use it:
// fleets and computes through its API, shell and forward as its clients (their sessions end with
// the command; forward --detach leaves one), sessions and end on a session it runs, an RDP client that
// fails reported to the command; the in-process fallback when flags name another identity (which
// leaves the running daemon's secrets in the keychain); Ctrl-C stops it and removes its runtime file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectToDaemon } from '../../../main/daemon/api/client';
import { listAccounts } from '../../../main/daemon/vault/keychain';
import { startEchoServer, type EchoServer } from '../../emulator/agent/test-support';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { assertPrivateKeyring } from '../../support/keyring';
import { cliInvocation } from '../cli-process';
import { waitFor } from '../../support/wait';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const WINDOWS_FLEET = 'fleet-2a9c6e1d-0002-4b7f-8e3a-6c1d9f2b0002';
const WINDOWS = 'i-0b2e6d3f0c8e40001';

let echo: EchoServer;
let emulator: Emulator;
let env: Record<string, string>;
let daemon: ReturnType<typeof spawn>;
let daemonOut = '';
let runtimeDir: string;

before(async () => {
  assertPrivateKeyring();
  echo = await startEchoServer();
  // SDK 5 Windows: its RDP port is an echo service here; the RDP protocol itself is tested elsewhere.
  emulator = await startEmulator({ ports: { [WINDOWS]: { 3389: { host: '127.0.0.1', port: echo.port } } } });
  runtimeDir = await mkdtemp(join(tmpdir(), 'glc-cli-run-'));
  const invocation = cliInvocation(emulator, ['daemon']);
  env = {
    ...invocation.env,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    GAMELIFT_CONNECT_RUNTIME_DIR: runtimeDir,
    GAMELIFT_CONNECT_DATA_DIR: await mkdtemp(join(tmpdir(), 'glc-cli-data-')),
  };
  daemon = spawn(process.execPath, invocation.argv, { env, stdio: 'pipe' });
  daemon.stdout!.on('data', (d: Buffer) => (daemonOut += d.toString()));
  daemon.stderr!.on('data', (d: Buffer) => (daemonOut += d.toString()));
  await waitFor('the daemon to start', () => daemonOut.includes('"port"'), 20_000);
});
after(async () => {
  if (daemon.exitCode === null) daemon.kill('SIGKILL');
  await emulator?.close();
  await echo?.close();
});

/** Starts the CLI as a child process (async: the emulator lives in this process's event loop). */
function start(argv: string[]) {
  const child = spawn(process.execPath, argv, { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': by then all of the child's output has been read here.
  const exit = new Promise<number | null>((resolve) => child.once('close', (status) => resolve(status)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

function run(argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const started = start(argv);
  return started.exit.then((status) => ({ status, stdout: started.stdout(), stderr: started.stderr() }));
}

/** A command with no identity flags, so it talks to the running daemon. */
const cliArgv = (...args: string[]) => [cliInvocation(emulator, []).argv[0]!, ...args];
const cli = (...args: string[]) => run(cliArgv(...args));

/** The running daemon's sessions, as its API lists them. */
async function daemonSessions() {
  const client = (await connectToDaemon(runtimeDir))!;
  try {
    return (await client.call('listSessions', {})).sessions;
  } finally {
    client.close();
  }
}

test('shell through the running daemon: piped commands run, the exit ends the CLI and the daemon\'s session', async () => {
  const shell = start(cliArgv('shell', FLEET, 'i-0a1f5c2e9b7d30001'));
  shell.child.stdin.write('echo "via-daemon-$((6*7))"\nexit\n');
  assert.equal(await shell.exit, 0, shell.stderr());
  assert.match(shell.stdout(), /via-daemon-42/);
  const last = (await daemonSessions()).filter((s) => s.kind === 'shell').at(-1);
  assert.equal(last?.state, 'ended');
  assert.match(last?.endReason ?? '', /^Exiting session/, 'the shell ended on its own, not by the command');
});

test('--verbose through the running daemon: that daemon\'s log lines about this command reach stderr', async () => {
  const shell = start(cliArgv('--verbose', 'shell', FLEET, 'i-0a1f5c2e9b7d30001'));
  shell.child.stdin.write('echo "verbose-$((6*7))"\nexit\n');
  assert.equal(await shell.exit, 0, shell.stderr());
  assert.match(shell.stdout(), /verbose-42/);
  // Written by the daemon process into its log file, not by this command.
  assert.match(shell.stderr(), /\[sessions\] session active/);
  assert.match(shell.stderr(), /\[sessions\] session ended/);
});

test('shell through the running daemon: SIGTERM ends the command and the session it opened in the daemon', async () => {
  const shell = start(cliArgv('shell', FLEET, 'i-0a1f5c2e9b7d30002'));
  await waitFor('the remote prompt', () => /\$ /.test(shell.stdout()), 20_000);
  const live = (await daemonSessions()).filter((s) => s.kind === 'shell' && s.state !== 'ended');
  assert.equal(live.length, 1, 'the CLI\'s shell runs in the daemon');
  shell.child.kill('SIGTERM');
  assert.equal(await shell.exit, 0, shell.stderr());
  const ended = (await daemonSessions()).find((s) => s.id === live[0]!.id);
  assert.equal(ended?.state, 'ended');
  assert.equal(ended?.endReason, 'ended by the user');
});

test('forward through the running daemon carries traffic; Ctrl-C ends the command and its session in the daemon', async () => {
  const forward = start(cliArgv('forward', WINDOWS_FLEET, WINDOWS, '3389', '--json'));
  await waitFor('the forward to print its port', () => forward.stdout().includes('\n'), 20_000);
  const { localPort, sessionId } = JSON.parse(forward.stdout().split('\n')[0]!) as { localPort: number; sessionId: string };
  assert.equal(await roundTrip(localPort, 'through-the-daemon'), 'through-the-daemon');
  assert.equal((await daemonSessions()).find((s) => s.id === sessionId)?.state, 'active');
  forward.child.kill('SIGINT');
  assert.equal(await forward.exit, 0, forward.stderr());
  assert.equal((await daemonSessions()).find((s) => s.id === sessionId)?.state, 'ended');
});

test('forward --detach leaves the forward in the running daemon and says how to end it', async () => {
  const detached = await cli('forward', WINDOWS_FLEET, WINDOWS, '3389', '--detach', '--json');
  assert.equal(detached.status, 0, detached.stderr);
  const { localPort, sessionId } = JSON.parse(detached.stdout.split('\n')[0]!) as { localPort: number; sessionId: string };
  assert.match(detached.stderr, new RegExp(`gamelift-connect end ${sessionId}`));
  assert.equal(await roundTrip(localPort, 'still-here'), 'still-here', 'the forward outlives the command');
  assert.equal((await cli('end', sessionId)).status, 0);
  assert.equal((await daemonSessions()).find((s) => s.id === sessionId)?.state, 'ended');
});

test('forward --detach without a running daemon (identity flags run in-process) is refused before anything opens', async () => {
  const refused = await run(cliInvocation(emulator, ['forward', WINDOWS_FLEET, WINDOWS, '3389', '--detach']).argv);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /--detach needs a running daemon/);
});

/** Sends `text` through a forwarded port to the echo service and reads it back. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (d) => {
      resolve(d.toString());
      socket.end();
    });
    socket.once('error', reject);
  });
}

test('fleets and computes come from the running daemon', async () => {
  const fleets = await cli('fleets', '--json');
  assert.equal(fleets.status, 0, fleets.stderr);
  assert.ok((JSON.parse(fleets.stdout) as Array<{ fleetId: string }>).some((f) => f.fleetId === FLEET));
  const computes = await cli('computes', FLEET);
  assert.equal(computes.status, 0, computes.stderr);
  assert.match(computes.stdout, /^COMPUTE\s+LOCATION/);
  assert.match(computes.stdout, /i-0a1f5c2e9b7d30001/);
});

test('with the UI built, the daemon serves the page (so `web` opens it instead of starting another)', async () => {
  const port = (JSON.parse(daemonOut.slice(0, daemonOut.indexOf('\n'))) as { port: number }).port;
  const page = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  // Traversal, spelled so fetch() cannot normalise it away, is test/ui/web-server.test.ts's subject.
});

test('sessions lists what the daemon runs, and end ends it', async () => {
  const client = (await connectToDaemon(runtimeDir))!;
  const session = await client.call('openShell', { fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001' });
  client.close();
  const listed = await cli('sessions', '--json');
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal((JSON.parse(listed.stdout) as Array<{ id: string; state: string }>).find((s) => s.id === session.id)?.state, 'active');
  const ended = await cli('end', session.id);
  assert.equal(ended.status, 0, ended.stderr);
  assert.match(ended.stdout, new RegExp(`Ended ${session.id}`));
  assert.equal((await cli('end', 'gc-doesnotexist')).status, 1);
});

test('rdp opens a forward of 3389 in the daemon that outlives the command', async () => {
  const opened = await cli('rdp', WINDOWS_FLEET, WINDOWS, '--no-launch', '--json');
  assert.equal(opened.status, 0, opened.stderr);
  const session = JSON.parse(opened.stdout.split('\n')[0]!) as { id: string; localPort: number; transport: string };
  assert.equal(session.transport, 'ssm');
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(session.localPort, '127.0.0.1', () => socket.write('rdp?'));
    socket.once('data', (d) => {
      resolve(d.toString());
      socket.end();
    });
    socket.once('error', reject);
  });
  assert.equal(reply, 'rdp?');
  assert.equal((await cli('end', session.id)).status, 0);
});

test('rdp whose client cannot start (no display here) fails saying why, and its session has ended', async () => {
  // The daemon runs the platform launcher: xfreerdp, with no DISPLAY in this environment.
  const opened = await cli('rdp', WINDOWS_FLEET, WINDOWS);
  assert.notEqual(opened.status, 0, opened.stdout);
  assert.match(opened.stderr, /Remote Desktop client \(xfreerdp\) exited with code 1: failed to open display/);
  const listed = await cli('sessions', '--json');
  const rdp = (JSON.parse(listed.stdout) as Array<{ kind: string; state: string; endReason?: string }>).filter((s) => s.kind === 'rdp').at(-1);
  assert.equal(rdp?.state, 'ended');
  assert.match(rdp?.endReason ?? '', /failed to open display/);
});

test('identity flags run in-process instead of retargeting the daemon', async () => {
  const inProcess = await run(cliInvocation(emulator, ['fleets', '--json']).argv);
  assert.equal(inProcess.status, 0, inProcess.stderr);
  assert.ok(JSON.parse(inProcess.stdout).length > 0);
});

test('a command running its own daemon in-process leaves the running daemon\'s secrets and sessions', async () => {
  const client = (await connectToDaemon(runtimeDir))!;
  try {
    const a = await client.call('openShell', { fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001' });
    const b = await client.call('openShell', { fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30002' });
    // The daemon's default keychain service; other files' daemons may use it too, so only ours count.
    const secrets = async () =>
      (await listAccounts('gamelift-connect')).filter((k) => k.startsWith(`${a.id}.`) || k.startsWith(`${b.id}.`));
    assert.equal((await secrets()).length, 2);
    const fleets = await run(cliInvocation(emulator, ['fleets', '--region', emulator.region, '--json']).argv);
    assert.equal(fleets.status, 0, fleets.stderr);
    // Before the fix the in-process daemon's start swept every secret of the service.
    assert.equal((await secrets()).length, 2, 'the running daemon\'s secrets are still in the keychain');
    for (const s of [a, b]) {
      assert.equal((await client.call('listSessions', {})).sessions.find((x) => x.id === s.id)?.state, 'active');
      assert.deepEqual(await client.call('endSession', { sessionId: s.id }), { ended: true });
    }
    assert.deepEqual(await secrets(), []);
  } finally {
    client.close();
  }
});

test('Ctrl-C stops the daemon and removes its runtime file', async () => {
  const file = join(runtimeDir, 'daemon.json');
  assert.ok(existsSync(file));
  daemon.kill('SIGINT');
  const code = await new Promise((r) => daemon.once('exit', r));
  assert.equal(code, 0, daemonOut);
  assert.ok(!existsSync(file));
});
