// The framed stream of main/daemon/files/remote-stream.ts against a real local /bin/sh on pipes
// (the emulator's pty path is ssm-transfer*.test.ts): runForBytes returns a script's exact stdout
// bytes, its exit status and its stderr's tail; a prompt printed before READY on the same line is
// no obstacle; a shell that goes away mid-stream fails the run at once; temporary files go, even
// when the shell is killed outright (the janitor).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { once } from 'node:events';
import type { ShellChannel } from '../../../main/daemon/sessions/shell-channel';
import { runForBytes } from '../../../main/daemon/files/remote-stream';
import { waitFor } from '../../support/wait';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glc-remote-stream-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A shell on pipes as a ShellChannel: stdout and stderr interleaved as a pty would show them. */
function localShell(prompt = ''): { shell: ShellChannel; child: ChildProcessWithoutNullStreams } {
  // TMPDIR: the run's temporary files land where the test can see that they went.
  const child = spawn('/bin/sh', ['-c', `printf '%s' "$0"; exec /bin/sh`, prompt], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: dir } });
  let reader: (chunk: Buffer) => void = () => {};
  child.stdout.on('data', (c: Buffer) => reader(c));
  child.stderr.on('data', (c: Buffer) => reader(c));
  const ended = once(child, 'close').then(() => 'the shell exited');
  const shell: ShellChannel = {
    write: (data) => child.stdin.write(data),
    drained: () => once(child.stdin, 'drain').then(() => {}),
    onData: (fn) => (reader = fn),
    ended,
  };
  return { shell, child };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('runForBytes: exact stdout bytes (binary, 9 MiB: three chunks), exit status, stderr tail; a prompt before READY; no temporary file left', async () => {
  const content = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(9 * 1024 * 1024)]);
  await writeFile(join(dir, 'source'), content);
  const { shell } = localShell('sh-5.2$ ');
  const chunks: Buffer[] = [];
  const result = await runForBytes(shell, `cat '${join(dir, 'source')}'; echo 'some words' >&2; exit 3`, (chunk) => {
    chunks.push(chunk);
  });
  const got = Buffer.concat(chunks);
  assert.equal(got.length, content.length);
  assert.equal(sha256(got), sha256(content));
  assert.equal(chunks.length, 3, 'checked 4 MiB chunks');
  assert.deepEqual({ ...result, stderr: result.stderr }, { bytes: content.length, sha256: sha256(content), exitCode: 3, stderr: 'some words\n' });
  assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('tmp.')), [], 'the stdout and stderr files are gone');
});

test('runForBytes: a script with no output, and one whose shell goes away mid-stream', async () => {
  const quiet = await runForBytes(localShell().shell, 'true', () => assert.fail('no bytes'));
  assert.deepEqual(quiet, { bytes: 0, sha256: sha256(Buffer.alloc(0)), exitCode: 0, stderr: '' });

  const { shell, child } = localShell();
  let seen = 0;
  await assert.rejects(
    runForBytes(shell, 'head -c 50000000 /dev/zero', () => {
      seen += 1;
      child.kill('SIGKILL');
    }),
    (e: Error & { code?: string }) => e.code === 'Unreachable' && /session ended/.test(e.message),
  );
  assert.ok(seen >= 1, 'killed once bytes flowed');
  // Killed outright, the script ran no trap: its janitor removes the temporary files.
  await waitFor('the janitor removed the temporary files', async () => (await readdir(dir)).every((f) => !f.startsWith('tmp.')), 10_000);
});
