// OutputAcks (renderer/src/terminal/output-acks.ts): what the terminal view tells the daemon it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACK_BATCH_BYTES, ACK_DELAY_MS, OutputAcks } from '../../renderer/src/terminal/output-acks';

test('acks are batched: at once when a batch is full, otherwise after a short delay, and nothing is counted twice', async () => {
  const sent: number[] = [];
  const acks = new OutputAcks((bytes) => sent.push(bytes));
  acks.taken(ACK_BATCH_BYTES - 1);
  assert.deepEqual(sent, []);
  acks.taken(1);
  assert.deepEqual(sent, [ACK_BATCH_BYTES]);
  acks.taken(10);
  acks.taken(0);
  assert.deepEqual(sent, [ACK_BATCH_BYTES]);
  await new Promise((resolve) => setTimeout(resolve, ACK_DELAY_MS + 30));
  assert.deepEqual(sent, [ACK_BATCH_BYTES, 10]);
  acks.taken(5);
  acks.flush();
  acks.flush();
  assert.deepEqual(sent, [ACK_BATCH_BYTES, 10, 5]);
});
