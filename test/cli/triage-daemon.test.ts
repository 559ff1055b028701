// The triage commands through a running `gamelift-connect daemon` (a real child process on the
// emulator): `follow` reaches it, and a game session that then crashes comes to every client of its
// local API as one `notification` naming the fleet and the compute; `find` and `events` answer from it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectToDaemon } from '../../main/daemon/api/client';
import { startEmulator, type Emulator } from '../../emulator/index';
import type { EventPayload } from '../../preload/contract';
import { assertPrivateKeyring } from '../support/keyring';
import { waitFor } from '../support/wait';
import { cliInvocation } from './cli-process';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const GAME_SESSION = `arn:aws:gamelift:us-west-2::gamesession/${FLEET}/gsess-1a2b3c4d-0002-4e5f-8a9b-0c1d2e3f0002`;

let emulator: Emulator;
let daemon: ChildProcess;
let daemonOut = '';
let env: Record<string, string>;
let runtimeDir: string;

before(async () => {
  assertPrivateKeyring();
  emulator = await startEmulator();
  runtimeDir = await mkdtemp(join(tmpdir(), 'glc-triage-run-'));
  const invocation = cliInvocation(emulator, ['daemon']);
  env = { ...invocation.env, GAMELIFT_CONNECT_RUNTIME_DIR: runtimeDir, GAMELIFT_CONNECT_EVENT_POLL_SECONDS: '1' };
  daemon = spawn(process.execPath, invocation.argv, { env, stdio: 'pipe' });
  daemon.stdout!.on('data', (d: Buffer) => (daemonOut += d.toString()));
  daemon.stderr!.on('data', (d: Buffer) => (daemonOut += d.toString()));
  await waitFor('the daemon to start', () => daemonOut.includes('"port"'), 20_000);
});
after(async () => {
  if (daemon && daemon.exitCode === null) {
    daemon.kill('SIGTERM');
    await new Promise((resolve) => daemon.once('exit', resolve));
  }
  await emulator?.close();
});

/** A command with no identity flags: it talks to the running daemon. */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliInvocation(emulator, []).argv[0]!, ...args], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr }))); // all output read
}

test('follow through the running daemon; a crash then reaches its API clients as one notification with the compute', { timeout: 60_000 }, async () => {
  const client = (await connectToDaemon(runtimeDir))!;
  const notes: Array<EventPayload<'notification'>> = [];
  client.on('notification', (n) => notes.push(n));
  try {
    const followed = await cli('follow', FLEET, '--json');
    assert.equal(followed.status, 0, followed.stderr);
    assert.doesNotMatch(followed.stderr, /No daemon is running/);
    assert.deepEqual((JSON.parse(followed.stdout) as { fleets: Array<{ fleetId: string; watching: boolean }> }).fleets.map((f) => [f.fleetId, f.watching]), [[FLEET, true]]);
    await waitFor('the first poll', async () => (await client.call('listFollowedFleets', {})).fleets[0]?.lastPolledAt !== undefined, 10_000);

    const crash = emulator.crashGameSession(GAME_SESSION);
    await waitFor('the notification', () => notes.length > 0, 15_000);
    const polledAt = (await client.call('listFollowedFleets', {})).fleets[0]!.lastPolledAt!;
    await waitFor('two more polls', async () => ((await client.call('listFollowedFleets', {})).fleets[0]?.lastPolledAt ?? 0) > polledAt + 1500, 10_000);
    assert.deepEqual(
      notes.map((n) => [n.kind, n.title, n.fleetId, n.computeName, n.eventId, n.eventCode]),
      [['fleet-event', 'Server process crashed on arena-linux-sdk5', FLEET, 'i-0a1f5c2e9b7d30002', crash.eventId, 'SERVER_PROCESS_CRASHED']],
    );

    const events = await cli('events', FLEET, '--since', '10m', '--json');
    assert.equal(events.status, 0, events.stderr);
    assert.equal((JSON.parse(events.stdout) as { events: Array<{ eventId: string; computeName?: string }> }).events[0]?.eventId, crash.eventId);
    const found = await cli('find', GAME_SESSION, '--json');
    assert.equal(found.status, 0, found.stderr);
    const match = (JSON.parse(found.stdout) as { matches: Array<{ status: string; computeName: string }> }).matches[0];
    assert.deepEqual([match?.status, match?.computeName], ['TERMINATED', 'i-0a1f5c2e9b7d30002']);
  } finally {
    await cli('follow', FLEET, '--remove');
    client.close();
  }
});
