// TerminalAcks (preload/contract.ts): what a view (a window's terminal, the CLI) tells the daemon
// about the output it processed: offsets in batches, and a heartbeat while it is behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TERMINAL_ACK_BATCH_BYTES, TERMINAL_ACK_DELAY_MS, TERMINAL_ACK_HEARTBEAT_MS, TerminalAcks } from '../../preload/contract';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('offsets are acknowledged at once when a batch is full, else after a short delay; never twice, never backwards', async () => {
  const sent: number[] = [];
  const acks = new TerminalAcks((upTo) => sent.push(upTo));
  acks.processedUpTo(TERMINAL_ACK_BATCH_BYTES - 1);
  assert.deepEqual(sent, []);
  acks.processedUpTo(TERMINAL_ACK_BATCH_BYTES);
  assert.deepEqual(sent, [TERMINAL_ACK_BATCH_BYTES]);
  acks.processedUpTo(TERMINAL_ACK_BATCH_BYTES + 10);
  acks.processedUpTo(5); // a late callback for older output
  assert.deepEqual(sent, [TERMINAL_ACK_BATCH_BYTES]);
  await sleep(TERMINAL_ACK_DELAY_MS + 30);
  assert.deepEqual(sent, [TERMINAL_ACK_BATCH_BYTES, TERMINAL_ACK_BATCH_BYTES + 10]);
  acks.flush();
  assert.deepEqual(sent, [TERMINAL_ACK_BATCH_BYTES, TERMINAL_ACK_BATCH_BYTES + 10], 'nothing new: nothing sent');
  acks.dispose();
});

test('a view that is behind repeats its acknowledgement as a heartbeat, and stops once it has caught up', async () => {
  const sent: number[] = [];
  const acks = new TerminalAcks((upTo) => sent.push(upTo));
  acks.arrivedUpTo(1000);
  acks.processedUpTo(400);
  acks.flush();
  assert.deepEqual(sent, [400]);
  await sleep(TERMINAL_ACK_HEARTBEAT_MS * 2 + 200);
  assert.ok(sent.length >= 3 && sent.every((upTo) => upTo === 400), `heartbeats repeat the same offset: ${sent.join(', ')}`);
  acks.processedUpTo(1000);
  acks.flush();
  const count = sent.length;
  await sleep(TERMINAL_ACK_HEARTBEAT_MS + 200);
  assert.equal(sent.length, count, 'caught up: no more heartbeats');
  assert.equal(sent.at(-1), 1000);
  acks.dispose();
});
