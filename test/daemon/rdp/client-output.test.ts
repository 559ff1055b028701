// The tail of an RDP client's stderr, which becomes the reason a failed session shows: the last
// few lines, readable, bounded, and never carrying the password or a password argument.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { collectErrorOutput, exitCodeOf, secretRedactor } from '../../../main/daemon/rdp/client-output';

const PASSWORD = 'Pw.*+?(canary)[x]$^';

async function collect(chunks: string[], secret?: string): Promise<string[]> {
  const stream = new PassThrough();
  const read = collectErrorOutput(stream, secret);
  for (const chunk of chunks) stream.write(chunk);
  await new Promise((resolve) => setImmediate(resolve));
  return read();
}

test('the password is redacted wherever it appears, regular-expression characters and all', () => {
  const redact = secretRedactor(PASSWORD);
  assert.equal(redact(`${PASSWORD}`), '***');
  assert.equal(redact(`a${PASSWORD}b${PASSWORD}`), 'a***b***');
  assert.equal(redact('nothing here'), 'nothing here');
  assert.equal(secretRedactor(undefined)('left alone'), 'left alone');
});

test('the last three lines, without FreeRDP\'s log prefix or the password prompt, secrets redacted', async () => {
  const lines = await collect(
    [
      '[04:55:01:592] [8148:8149] [INFO][com.freerdp.crypto] - early line\n',
      'Password: [04:55:01:705] [8148:8149] [ERROR][com.freerdp.core.transport] - BIO_read returned a system error 0: Success\n',
      `[04:55:01:002] [8148:8149] [ERROR][com.freerdp.core] - echoed ${PASSWORD} and /p:${PASSWORD} /gp:gateway-secret /pth:0123abcd\n`,
      '\n',
      '[04:55:01:002] [8148:8149] [ERROR][com.freerdp.core] - freerdp_post_connect failed\n',
    ],
    PASSWORD,
  );
  assert.deepEqual(lines, [
    'BIO_read returned a system error 0: Success',
    'echoed *** and /p:*** /gp:*** /pth:***',
    'freerdp_post_connect failed',
  ]);
});

test('stays bounded over hours of output, and long lines are shortened', async () => {
  const lines = await collect([...Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(500)}\n`), `${'y'.repeat(5000)}\n`]);
  assert.equal(lines.length, 3);
  assert.ok(lines.every((l) => l.length <= 240));
  assert.match(lines[1]!, /^line 1999 /);
});

test('a trimmed buffer never keeps the tail half of a secret that redaction could no longer recognise', async () => {
  const first = `A${PASSWORD}B\n`;
  // The second chunk pushes the buffer over its 16 KiB bound so that the cut falls in the middle
  // of the password on the first line.
  const cutInside = 1 + Math.floor(PASSWORD.length / 2);
  const second = `${'y'.repeat(16 * 1024 - first.length + cutInside - 1)}\n`;
  const lines = await collect([first, second], PASSWORD);
  const tail = PASSWORD.slice(cutInside - 1);
  assert.ok(!lines.some((l) => l.includes(tail)), JSON.stringify(lines));
  assert.equal(lines.length, 1);
});

test('exitCodeOf reports the exit code once the output is read', async () => {
  const child = spawn('sh', ['-c', 'echo "first" >&2; echo "it failed" >&2; exit 3'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const read = collectErrorOutput(child.stderr);
  assert.equal(await exitCodeOf(child), 3);
  assert.deepEqual(read(), ['first', 'it failed']);
});

test('exitCodeOf: null for a process killed by a signal or one that never started', async () => {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = exitCodeOf(sleeper);
  sleeper.kill();
  assert.equal(await exited, null);
  assert.equal(await exitCodeOf(spawn('/nonexistent/rdp-client', [], { stdio: 'ignore' })), null);
});
