// A program on a pty read to its very end: every byte it wrote before it exited, its exit status,
// and the wrapper's end marker recognised however the pty's reads cut it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndMark, spawnToTheEnd } from '../../../emulator/core/pty-to-the-end';

function run(program: string, args: string[], onOutput?: (pty: ReturnType<typeof spawnToTheEnd>) => void) {
  const chunks: Buffer[] = [];
  return new Promise<{ text: string; status: number | null }>((resolve) => {
    const pty = spawnToTheEnd(program, args, { cols: 80, rows: 24, env: { PATH: '/usr/bin:/bin' } }, {
      output: (data) => {
        chunks.push(data);
        onOutput?.(pty);
      },
      exited: (status) => resolve({ text: Buffer.concat(chunks).toString('latin1'), status }),
    });
  });
}

test('every line a program wrote arrives although the pty is paused when it exits, then its status', { timeout: 60_000 }, async () => {
  // The pty is read only in short bursts: the program exits with output still unread. node-pty
  // alone dropped that tail (the stream of a paused pty is destroyed 200 ms after the exit).
  let paused = false;
  const { text, status } = await run('/bin/sh', ['-c', 'seq 1 30000; echo last-line; exit 7'], (pty) => {
    if (paused) return;
    paused = true;
    pty.pause();
    setTimeout(() => {
      paused = false;
      pty.resume();
    }, 300);
  });
  const lines = text.split('\r\n');
  assert.deepEqual(lines.slice(0, 30_000).map(Number), Array.from({ length: 30_000 }, (_, i) => i + 1));
  assert.equal(lines[30_000], 'last-line');
  assert.equal(status, 7);
  assert.doesNotMatch(text, /gamelift-emulator-end/, 'the marker is not output');
});

test('the end marker is found when the reads split it anywhere, and only output is handed on', () => {
  const mark = new EndMark('gamelift-emulator-end-0123456789abcdef');
  const stream = Buffer.from(`tail\x1b[0mtext\x1b]${mark.name};42\x07after`);
  for (let cut = 1; cut < stream.length; cut++) {
    const split = new EndMark(mark.name);
    const first = split.scan(stream.subarray(0, cut));
    const second = split.seen ? { output: Buffer.alloc(0), status: first.status } : split.scan(stream.subarray(cut));
    const output = Buffer.concat([first.output, second.output]).toString('latin1');
    assert.equal(output, 'tail\x1b[0mtext', `cut at ${cut}`);
    assert.equal(first.status ?? second.status, 42, `cut at ${cut}`);
  }
});

test('an escape sequence that only starts like the marker is output, not held forever', () => {
  const mark = new EndMark('gamelift-emulator-end-0123456789abcdef');
  const a = mark.scan(Buffer.from('ok\x1b]gamelift-'));
  assert.equal(a.output.toString(), 'ok');
  const b = mark.scan(Buffer.from('title\x07more'));
  assert.equal(b.output.toString(), '\x1b]gamelift-title\x07more');
  assert.equal(mark.seen, false);
});
