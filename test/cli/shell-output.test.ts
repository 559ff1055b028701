// A lot of shell output through a running daemon (`gamelift-connect daemon`, a child process) to
// the CLI's stdout: every byte exactly once and in order, whether the reader keeps up or takes it
// a little at a time (the CLI then acknowledges less, and the daemon holds the shell back). The
// agent is unpaced so that its own queue is not what is measured.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { waitFor } from '../support/wait';
import { cliInvocation } from './cli-process';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';
/** ~1.5 MB of output: more than a view may fall behind (1 MiB) before the daemon holds the shell. */
const LINES = 200_000;

let emulator: Emulator;
let env: Record<string, string>;
let daemon: ReturnType<typeof spawn>;
let bin: string;
before(async () => {
  assertPrivateKeyring();
  emulator = await startEmulator({ agent: { pacingMs: 0 } });
  const invocation = cliInvocation(emulator, ['daemon']);
  env = { ...invocation.env, GAMELIFT_CONNECT_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'glc-cli-run-')) };
  bin = invocation.argv[0]!;
  daemon = spawn(process.execPath, invocation.argv, { env, stdio: 'pipe' });
  let out = '';
  daemon.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('the daemon to start', () => out.includes('"port"'), 20_000);
});
after(async () => {
  if (daemon?.exitCode === null) {
    daemon.kill('SIGINT');
    await new Promise((resolve) => daemon.once('exit', resolve));
  }
  await emulator?.close();
});

/** `seq 1 LINES` in a shell through the running daemon; `slowly`: stdout is taken a little at a time. */
async function seqThroughShell(slowly: boolean): Promise<{ numbers: number[]; stdout: string }> {
  // No identity flags: the command uses the running daemon.
  const shell = spawn(process.execPath, [bin, 'shell', FLEET, INSTANCE], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  shell.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  shell.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => shell.once('exit', resolve));
  const closed = new Promise<void>((resolve) => shell.once('close', () => resolve()));
  let pump: NodeJS.Timeout | undefined;
  if (slowly) {
    shell.stdout.pause();
    pump = setInterval(() => {
      shell.stdout.resume();
      setImmediate(() => shell.stdout.pause());
    }, 20);
  }
  try {
    // Typed at the prompt, and `exit` only once the output is complete: input typed ahead is
    // echoed by the remote pty wherever it lands, inside the output too.
    await waitFor('the remote prompt', () => /\$ $/.test(stdout), 20_000);
    shell.stdin.write(`seq 1 ${LINES}; echo "seq-$((1+1))-done"\n`);
    await waitFor('the end of the output', () => stdout.includes('seq-2-done'), 60_000);
    shell.stdin.write('exit\n');
    assert.equal(await exit, 0, stderr);
  } finally {
    clearInterval(pump);
    shell.stdout.resume();
  }
  await closed; // all of stdout read
  return { numbers: stdout.split(/\r?\n/).filter((line) => /^\d+$/.test(line)).map(Number), stdout };
}

function assertEveryLineOnce({ numbers, stdout }: { numbers: number[]; stdout: string }): void {
  assert.match(stdout, /seq-2-done/, 'the output ends with the last command\'s');
  assert.equal(numbers.length, LINES, 'no line lost or repeated');
  assert.ok(numbers.every((n, i) => n === i + 1), 'in order');
}

test('shell through the running daemon, stdout read as it comes: every line exactly once, in order', { timeout: 120_000 }, async () => {
  assertEveryLineOnce(await seqThroughShell(false));
});

test('shell through the running daemon, stdout taken in fits and starts: every line exactly once, in order', { timeout: 120_000 }, async () => {
  assertEveryLineOnce(await seqThroughShell(true));
});

test('a CLI whose stdout stalls for longer than the daemon forgets silent views keeps the shell held, then gets it all', { timeout: 180_000 }, async () => {
  const shell = spawn(process.execPath, [bin, 'shell', FLEET, INSTANCE], { env, stdio: 'pipe' });
  let stdout = '';
  let bytes = 0;
  shell.stdout.on('data', (d: Buffer) => {
    bytes += d.length;
    stdout = (stdout + d.toString('latin1')).slice(-200);
  });
  const exit = new Promise<number | null>((resolve) => shell.once('close', resolve)); // all output read
  await waitFor('the prompt', () => /\$ /.test(stdout), 20_000);
  // 20 MB, then a marker; nobody reads the CLI's stdout for 8 s (a terminal paused with Ctrl-S).
  shell.stdout.pause();
  shell.stdin.write('head -c 20000000 /dev/zero | tr "\\0" x; echo; echo "flood-done-$((6*7))"; exit\n');
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const held = await daemonSession();
  // The CLI is alive and behind, and says so every second: the daemon still holds the shell near
  // its 1 MiB mark (plus what pipes and sockets hold), instead of letting 20 MB pile up in the CLI.
  assert.ok(held.bytesIn < 8 * 1024 * 1024, `the daemon read ${held.bytesIn} bytes from the shell while the CLI was stalled`);
  shell.stdout.resume();
  assert.equal(await exit, 0);
  assert.match(stdout, /flood-done-42/);
  assert.ok(bytes > 20_000_000, `${bytes} bytes reached stdout`);
});

/** The one shell session of this file's daemon that is not over. */
async function daemonSession(): Promise<{ bytesIn: number }> {
  const run = spawn(process.execPath, [bin, 'sessions', '--json'], { env, stdio: 'pipe' });
  let out = '';
  run.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => run.once('close', resolve));
  const sessions = JSON.parse(out) as Array<{ state: string; kind: string; bytesIn: number }>;
  const live = sessions.filter((s) => s.kind === 'shell' && s.state !== 'ended');
  assert.equal(live.length, 1, out);
  return live[0]!;
}
