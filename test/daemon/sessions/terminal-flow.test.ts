// TerminalFlow (main/daemon/sessions/terminal-flow.ts): how far the slowest live view of a shell is behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalFlow, VIEWER_SILENT_MS } from '../../../main/daemon/sessions/terminal-flow';

test('no acknowledging view: no backlog, output is never held', () => {
  const flow = new TerminalFlow(() => {});
  flow.sentOut(10 * 1024 * 1024);
  assert.equal(flow.backlog(), 0);
  flow.dispose();
});

test('each event ends at the stream offset sentOut returns', () => {
  const flow = new TerminalFlow(() => {});
  assert.equal(flow.sentOut(100), 100);
  assert.equal(flow.sentOut(23), 123);
  assert.equal(flow.offset, 123);
  flow.dispose();
});

test('one view: the backlog is what it has not processed; acks never count past what went out, nor backwards', () => {
  let drained = 0;
  const flow = new TerminalFlow(() => drained++);
  flow.sentOut(1000);
  flow.ack('window', 400);
  assert.equal(flow.backlog(), 600);
  assert.equal(drained, 1);
  flow.ack('window', 300); // an older ack that crossed a newer one on the wire
  assert.equal(flow.backlog(), 600);
  flow.ack('window', 5000);
  assert.equal(flow.backlog(), 0);
  flow.sentOut(300);
  assert.equal(flow.backlog(), 300);
  flow.dispose();
});

test('two views: the slowest counts, their acks never add up; a view that opened late is measured from where it is', () => {
  const flow = new TerminalFlow(() => {});
  flow.sentOut(3_000_000);
  flow.ack('window', 2_900_000);
  flow.ack('cli', 1_000_000);
  // One counter would have added these up to more than was sent, and held nothing back.
  assert.equal(flow.backlog(), 2_000_000);
  flow.ack('cli', 2_950_000);
  assert.equal(flow.backlog(), 100_000);
  // A view opened now starts at the current offset, not at 0.
  flow.ack('late-tab', 3_000_000);
  assert.equal(flow.backlog(), 100_000);
  flow.dispose();
});

test('a silent view stops holding the shell; one that repeats its acknowledgement (alive, behind) keeps holding it', async () => {
  let clock = 0;
  let drained = 0;
  const flow = new TerminalFlow(() => drained++, () => clock);
  flow.sentOut(2000);
  flow.ack('stalled-cli', 100);
  flow.ack('closed-tab', 200);
  drained = 0;
  flow.sentOut(5_000_000);
  assert.equal(flow.backlog(), 5_001_900);
  // The CLI's stdout is stalled, but it is alive: it repeats its ack; the tab does not.
  clock = VIEWER_SILENT_MS - 1;
  flow.ack('stalled-cli', 100);
  clock = VIEWER_SILENT_MS + 1;
  assert.equal(flow.backlog(), 5_001_900, 'the live view still holds the shell');
  clock = 2 * VIEWER_SILENT_MS + 1;
  assert.equal(flow.backlog(), 0, 'silent views no longer count');
  // The release timer runs on the real clock: it fires, then stays quiet once nobody is behind.
  await new Promise((resolve) => setTimeout(resolve, VIEWER_SILENT_MS + 200));
  assert.ok(drained >= 1);
  flow.dispose();
});
