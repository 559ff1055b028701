// TerminalFlow (main/daemon/sessions/terminal-flow.ts): what a shell's viewers still owe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalFlow, VIEWER_SILENT_MS } from '../../../main/daemon/sessions/terminal-flow';

test('no acknowledging view: no backlog, output is never held', () => {
  const flow = new TerminalFlow(() => {});
  flow.sentOut(10 * 1024 * 1024);
  assert.equal(flow.backlog(), 0);
  flow.dispose();
});

test('an acknowledging view: the backlog is what it has not processed; acks never count past what went out', () => {
  let drained = 0;
  const flow = new TerminalFlow(() => drained++);
  flow.sentOut(1000);
  flow.ack(400);
  assert.equal(flow.backlog(), 600);
  assert.equal(drained, 1);
  flow.ack(5000);
  assert.equal(flow.backlog(), 0);
  flow.sentOut(300);
  assert.equal(flow.backlog(), 300);
  flow.dispose();
});

test('a view that goes silent stops holding the shell: the backlog drops to 0 and the transport is told', async () => {
  let clock = 0;
  let drained = 0;
  const flow = new TerminalFlow(() => drained++, () => clock);
  flow.sentOut(2000);
  flow.ack(100);
  drained = 0;
  flow.sentOut(5_000_000);
  assert.equal(flow.backlog(), 5_001_900);
  clock = VIEWER_SILENT_MS + 1;
  assert.equal(flow.backlog(), 0);
  // The release timer runs on the real clock: it fires once, then stays quiet.
  await new Promise((resolve) => setTimeout(resolve, VIEWER_SILENT_MS + 200));
  assert.equal(drained, 1);
  flow.dispose();
});
