import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame, MessageType, PayloadType, type Frame } from '../../../main/daemon/ssm/frame';
import { IncomingStream, type Disposition } from '../../../emulator/agent/incoming-stream';

function input(seq: number): Frame {
  return decodeFrame(encodeFrame({ messageType: MessageType.InputStreamData, sequenceNumber: seq, payloadType: PayloadType.Output, payload: Buffer.from(`#${seq}`) }));
}

test('incoming: in order, early frames acked and buffered, duplicates re-acked', () => {
  const processed: number[] = [];
  const acked: number[] = [];
  const incoming = new IncomingStream(
    (f) => (processed.push(f.sequenceNumber), 'processed'),
    (f) => acked.push(f.sequenceNumber),
  );
  incoming.receive(input(2));
  incoming.receive(input(1));
  assert.deepEqual([processed, acked, incoming.bufferedCount], [[], [2, 1], 2]);
  incoming.receive(input(0));
  assert.deepEqual(processed, [0, 1, 2]);
  assert.deepEqual(acked, [2, 1, 0]);
  incoming.receive(input(1));
  assert.deepEqual(acked, [2, 1, 0, 1]);
  assert.equal(incoming.duplicates, 1);
  assert.equal(incoming.expected, 3);
});

test('incoming: a handler that is not ready gets neither an ack nor an advance', () => {
  let ready = false;
  const acked: number[] = [];
  const incoming = new IncomingStream(
    (): Disposition => (ready ? 'processed' : 'not-ready'),
    (f) => acked.push(f.sequenceNumber),
  );
  incoming.receive(input(0));
  assert.deepEqual([acked, incoming.expected], [[], 0]);
  ready = true;
  incoming.receive(input(0));
  assert.deepEqual([acked, incoming.expected], [[0], 1]);
});
