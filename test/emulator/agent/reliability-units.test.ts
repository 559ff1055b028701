import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame, HeaderFlags, MessageType, PayloadType, type Frame } from '../../../main/daemon/ssm/frame';
import { IncomingStream, type Disposition } from './incoming-stream';
import { OutgoingStream } from './outgoing-stream';
import { RttEstimator } from './rtt-estimator';
import { TokenBook } from './tokens';
import { compareVersions, versionAbove, versionAtLeast } from './versions';

test('RTT estimator: the spec constants and update order', () => {
  const rtt = new RttEstimator();
  assert.deepEqual([rtt.srtt, rtt.rttvar, rtt.rto], [100, 0, 200]);
  rtt.sample(20);
  // RTTVAR first, with the old SRTT: 0.75·0 + 0.25·|100 − 20| = 20; SRTT = 0.875·100 + 0.125·20 = 90.
  assert.equal(rtt.rttvar, 20);
  assert.equal(rtt.srtt, 90);
  assert.equal(rtt.rto, 90 + 80);
  for (let i = 0; i < 200; i++) rtt.sample(0);
  assert.ok(Math.abs(rtt.rto - 10) < 0.01, 'floors at SRTT + G (10 ms)');
  for (let i = 0; i < 50; i++) rtt.sample(5000);
  assert.equal(rtt.rto, 1000, 'capped at 1 s');
});

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

test('tokens: single use, bound to a session, short-lived', async () => {
  const book = new TokenBook(50);
  const token = book.issue('s-1');
  assert.deepEqual(book.redeem(token, 's-2'), { ok: false, reason: 'wrong-session' });
  assert.deepEqual(book.redeem(token, 's-1'), { ok: true });
  assert.deepEqual(book.redeem(token, 's-1'), { ok: false, reason: 'used' });
  const late = book.issue('s-1');
  await new Promise((resolve) => setTimeout(resolve, 70));
  assert.deepEqual(book.redeem(late, 's-1'), { ok: false, reason: 'expired' });
  const revoked = book.issue('s-1');
  book.revokeSession('s-1');
  assert.deepEqual(book.redeem(revoked, 's-1'), { ok: false, reason: 'unknown' });
});

test('versions: numeric parts, missing parts are 0, non-numeric is unknown (treated as old)', () => {
  assert.equal(compareVersions('1.2.650.0', '1.2.331.0')! > 0, true);
  assert.equal(compareVersions('1.1.70', '1.1.70.0'), 0);
  assert.equal(compareVersions('1.2.0.0-beta', '1.0'), null);
  assert.equal(versionAtLeast('1.1.70.0', '1.1.70'), true);
  assert.equal(versionAtLeast(undefined, '1.1.70'), false);
  assert.equal(versionAbove('3.0.196.0', '3.0.196.0'), false);
  assert.equal(versionAbove('3.0.197.0', '3.0.196.0'), true);
});
