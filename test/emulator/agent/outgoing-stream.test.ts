import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, HeaderFlags, MessageType, PayloadType } from '../../../main/daemon/ssm/frame';
import { OutgoingStream } from '../../../emulator/agent/outgoing-stream';

test('outgoing: seq from 0 with SYN only on 0; the list is appended before the write; selective acks', () => {
  let now = 0;
  const out = new OutgoingStream(() => now);
  const frames = [0, 1, 2].map(() => decodeFrame(out.next(PayloadType.Output, Buffer.from('x')).bytes));
  assert.deepEqual(frames.map((f) => [f.messageType, f.sequenceNumber, f.flags]), [
    [MessageType.OutputStreamData, 0, HeaderFlags.Syn],
    [MessageType.OutputStreamData, 1, HeaderFlags.None],
    [MessageType.OutputStreamData, 2, HeaderFlags.None],
  ]);
  assert.equal(out.unackedCount, 3);
  now = 10;
  assert.equal(out.acknowledge(1), true);
  assert.equal(out.acknowledge(1), false, 'only an entry with that number is removed');
  assert.equal(out.unackedCount, 2);
});

test('outgoing: only the head is resent, when now − lastSent > RTO, and its clock restarts', () => {
  let now = 0;
  const out = new OutgoingStream(() => now);
  const head = out.next(PayloadType.Output, Buffer.from('a')).bytes;
  out.next(PayloadType.Output, Buffer.from('b'));
  now = 200;
  assert.equal(out.overdueHead(), null, 'not after exactly RTO');
  now = 201;
  assert.equal(out.overdueHead(), head, 'identical bytes: same MessageId and CreatedDate');
  now = 300;
  assert.equal(out.overdueHead(), null, 'the resend restarted the clock');
  now = 402;
  assert.equal(out.overdueHead(), head);
  assert.deepEqual(out.resent, [0, 0]);
  out.acknowledge(0);
  assert.equal(decodeFrame(out.overdueHead()!).sequenceNumber, 1, 'the next head is overdue at once');
});
