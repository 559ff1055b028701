import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeFrame, MessageType, parseAck, PayloadType } from '../../../main/daemon/ssm/frame';
import type { Frame } from '../../../main/daemon/ssm/frame';
import { ReliableChannel } from '../../../main/daemon/ssm/reliable-channel';
import type { Link } from '../../../main/daemon/ssm/reliable-channel';

/** Feeds raw frame bytes to a channel the way the data channel does. */
function feed(channel: ReliableChannel, bytes: Buffer): void {
  const frame = decodeFrame(bytes);
  if (frame.messageType === MessageType.Acknowledge) channel.receiveAck(parseAck(frame));
  else channel.receive(frame);
}

/** A seeded PRNG so a failing fuzz run can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Two channels joined by an in-memory wire that can drop, duplicate and reorder frames. Frames are
 * queued and moved by step(), so nothing re-enters a channel from inside its own write.
 */
function wire(options: { loss?: number; dup?: number; reorder?: number; seed?: number } = {}) {
  const random = prng(options.seed ?? 1);
  let clock = 0;
  const now = () => clock;
  const client = new ReliableChannel({ now, outgoingType: MessageType.InputStreamData, window: 32, queueLimit: 64 });
  const agent = new ReliableChannel({ now, outgoingType: MessageType.OutputStreamData, window: 32, queueLimit: 64 });
  const inTransit: { to: ReliableChannel; bytes: Buffer }[] = [];
  const linkTo = (to: ReliableChannel): Link => ({
    write(bytes) {
      if (random() < (options.loss ?? 0)) return true;
      const copies = random() < (options.dup ?? 0) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        if (random() < (options.reorder ?? 0)) inTransit.unshift({ to, bytes });
        else inTransit.push({ to, bytes });
      }
      return true;
    },
  });
  client.attach(linkTo(agent));
  agent.attach(linkTo(client));
  return {
    client,
    agent,
    inTransit,
    advance(ms: number) {
      clock += ms;
      client.resendOverdue();
      agent.resendOverdue();
    },
    step() {
      let moved = 0;
      while (inTransit.length > 0 && moved < 100_000) {
        const next = inTransit.shift()!;
        feed(next.to, next.bytes);
        moved++;
      }
      return moved;
    },
    close() {
      client.close();
      agent.close();
    },
  };
}

function collect(channel: ReliableChannel): Frame[] {
  const got: Frame[] = [];
  channel.on('deliver', (f) => got.push(f));
  return got;
}

test('frames arrive in order, exactly once, and acks empty the queue', () => {
  const w = wire();
  const got = collect(w.agent);
  for (let i = 0; i < 10; i++) w.client.send(PayloadType.Output, Buffer.from(`m${i}`));
  w.step();
  assert.deepEqual(got.map((f) => f.payload.toString()), Array.from({ length: 10 }, (_, i) => `m${i}`));
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(w.client.queued, 0);
  w.close();
});

test('an ack removes only the entry with that sequence number', () => {
  const sent: Buffer[] = [];
  const channel = new ReliableChannel();
  channel.attach({ write: (b) => (sent.push(b), true) });
  for (let i = 0; i < 3; i++) channel.send(PayloadType.Output, Buffer.from([i]));
  const ackOf = (seq: number) => ({ AcknowledgedMessageType: 'input_stream_data', AcknowledgedMessageId: 'x', AcknowledgedMessageSequenceNumber: seq, IsSequentialMessage: true });
  channel.receiveAck(ackOf(1));
  assert.equal(channel.queued, 2);
  channel.receiveAck(ackOf(1));
  assert.equal(channel.queued, 2);
  channel.receiveAck(ackOf(0));
  channel.receiveAck(ackOf(2));
  assert.equal(channel.queued, 0);
  channel.close();
});

test('an ack that arrives inside the write finds its entry (appended before writing)', () => {
  const channel = new ReliableChannel();
  channel.attach({
    write(bytes) {
      const f = decodeFrame(bytes);
      channel.receiveAck({ AcknowledgedMessageType: f.messageType, AcknowledgedMessageId: f.messageId, AcknowledgedMessageSequenceNumber: f.sequenceNumber, IsSequentialMessage: true });
      return true;
    },
  });
  channel.send(PayloadType.Output, Buffer.from('x'));
  assert.equal(channel.queued, 0);
  channel.close();
});

test('frames sent while the link is down or failing are kept, counted and resent on the next link', () => {
  let clock = 0;
  const channel = new ReliableChannel({ now: () => clock });
  const dead: Link = { write: () => false };
  channel.attach(dead);
  channel.send(PayloadType.Output, Buffer.from('a'));
  channel.detach();
  channel.send(PayloadType.Output, Buffer.from('b'));
  assert.equal(channel.queued, 2);
  assert.equal(channel.nextOutgoingSequence, 2);
  const written: Frame[] = [];
  channel.attach({ write: (b) => (written.push(decodeFrame(b)), true) });
  assert.deepEqual(written.map((f) => [f.sequenceNumber, f.payload.toString()]), [[0, 'a'], [1, 'b']]);
  clock += 2000;
  channel.resendOverdue();
  assert.equal(written.length, 4, 'both unacked frames are resent, not only the head');
  assert.equal(written[2]!.messageId, written[0]!.messageId, 'a resend carries identical bytes');
  channel.close();
});

test('out-of-order frames are acked at once and delivered in order; duplicates are re-acked', () => {
  const acks: number[] = [];
  const channel = new ReliableChannel();
  channel.attach({ write: (b) => (acks.push(parseAck(decodeFrame(b)).AcknowledgedMessageSequenceNumber), true) });
  const got = collect(channel);
  const frame = (seq: number) => decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: seq, payloadType: PayloadType.Output, payload: Buffer.from(String(seq)) }));
  channel.receive(frame(2));
  channel.receive(frame(1));
  assert.equal(got.length, 0);
  channel.receive(frame(0));
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2]);
  channel.receive(frame(1));
  assert.deepEqual(acks, [2, 1, 0, 1]);
  assert.equal(got.length, 3, 'a duplicate is not delivered twice');
  assert.equal(channel.expectedSequence, 3);
  channel.close();
});

test('expected advances once a frame is delivered even if its ack cannot be written', () => {
  const channel = new ReliableChannel();
  channel.attach({ write: () => false });
  const got = collect(channel);
  channel.receive(decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: 0, payloadType: PayloadType.Output, payload: Buffer.from('x') })));
  channel.receive(decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: 0, payloadType: PayloadType.Output, payload: Buffer.from('x') })));
  assert.equal(got.length, 1);
  assert.equal(channel.expectedSequence, 1);
  channel.close();
});

test('the window bounds frames in flight; send() asks for a pause at the queue limit and drain follows', () => {
  const written: Frame[] = [];
  const channel = new ReliableChannel({ window: 4, queueLimit: 8 });
  channel.attach({ write: (b) => (written.push(decodeFrame(b)), true) });
  const results: boolean[] = [];
  for (let i = 0; i < 8; i++) results.push(channel.send(PayloadType.Output, Buffer.from([i])));
  assert.equal(written.length, 4);
  assert.deepEqual(results, [true, true, true, true, true, true, true, false]);
  let drained = 0;
  channel.on('drain', () => drained++);
  for (let seq = 0; seq < 4; seq++) channel.receiveAck({ AcknowledgedMessageType: '', AcknowledgedMessageId: '', AcknowledgedMessageSequenceNumber: seq, IsSequentialMessage: true });
  assert.equal(written.length, 8, 'acks open the window for the queued frames');
  assert.equal(drained, 1);
  channel.close();
});

test('pause_publication holds transmissions; start_publication resends what is unacked', () => {
  const written: Frame[] = [];
  const channel = new ReliableChannel();
  channel.attach({ write: (b) => (written.push(decodeFrame(b)), true) });
  channel.send(PayloadType.Output, Buffer.from('a'));
  channel.pause();
  channel.send(PayloadType.Output, Buffer.from('b'));
  assert.equal(written.length, 1);
  channel.resume();
  assert.deepEqual(written.map((f) => f.payload.toString()), ['a', 'a', 'b']);
  channel.close();
});

test('stream data from the peer ends a pause and sends what was held', () => {
  const written: Frame[] = [];
  const channel = new ReliableChannel();
  channel.attach({ write: (b) => (written.push(decodeFrame(b)), true) });
  channel.pause();
  channel.send(PayloadType.Output, Buffer.from('held'));
  assert.equal(written.length, 0);
  channel.receive(decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: 0, payloadType: PayloadType.Output, payload: Buffer.from('x') })));
  assert.deepEqual(written.map((f) => f.messageType === MessageType.Acknowledge ? 'ack' : f.payload.toString()).sort(), ['ack', 'held']);
  channel.close();
});

test('no ack for stallMs asks once for a new link; an ack re-arms it', () => {
  let clock = 0;
  const channel = new ReliableChannel({ now: () => clock, stallMs: 500, giveUpMs: 10_000 });
  channel.attach({ write: () => true });
  let stalls = 0;
  channel.on('stalled', () => stalls++);
  channel.send(PayloadType.Output, Buffer.from('a'));
  for (; clock < 2000; clock += 100) channel.resendOverdue();
  assert.equal(stalls, 1);
  channel.receiveAck({ AcknowledgedMessageType: '', AcknowledgedMessageId: '', AcknowledgedMessageSequenceNumber: 0, IsSequentialMessage: true });
  channel.send(PayloadType.Output, Buffer.from('b'));
  for (; clock < 4000; clock += 100) channel.resendOverdue();
  assert.equal(stalls, 2);
  channel.close();
});

test('no ack for giveUpMs while attached raises timeout', () => {
  let clock = 0;
  const channel = new ReliableChannel({ now: () => clock, giveUpMs: 1000 });
  channel.attach({ write: () => true });
  let timedOut = false;
  channel.on('timeout', () => (timedOut = true));
  channel.send(PayloadType.Output, Buffer.from('a'));
  clock += 900;
  channel.resendOverdue();
  assert.equal(timedOut, false);
  clock += 200;
  channel.resendOverdue();
  assert.equal(timedOut, true);
  channel.close();
});

test('a long idle spell does not count as peer silence when sending resumes', () => {
  let clock = 0;
  const channel = new ReliableChannel({ now: () => clock, giveUpMs: 1000 });
  channel.attach({ write: () => true });
  let timedOut = false;
  channel.on('timeout', () => (timedOut = true));
  clock = 60_000;
  channel.send(PayloadType.Output, Buffer.from('after a long pause'));
  clock += 100;
  channel.resendOverdue();
  assert.equal(timedOut, false);
  channel.close();
});

for (const seed of [1, 2, 3]) {
  test(`loss, duplication and reordering lose no byte both ways (seed ${seed})`, () => {
    const w = wire({ loss: 0.2, dup: 0.1, reorder: 0.2, seed });
    const atAgent = collect(w.agent);
    const atClient = collect(w.client);
    const total = 600;
    let sentUp = 0;
    let sentDown = 0;
    for (let round = 0; round < 2000 && (atAgent.length < total || atClient.length < total); round++) {
      while (sentUp < total && w.client.queued < 60) w.client.send(PayloadType.Output, Buffer.from(`u${sentUp++}`));
      while (sentDown < total && w.agent.queued < 60) w.agent.send(PayloadType.Output, Buffer.from(`d${sentDown++}`));
      w.step();
      w.advance(250);
    }
    assert.deepEqual(atAgent.map((f) => f.payload.toString()), Array.from({ length: total }, (_, i) => `u${i}`));
    assert.deepEqual(atClient.map((f) => f.payload.toString()), Array.from({ length: total }, (_, i) => `d${i}`));
    w.close();
  });
}

test('an unacked frame is resent after the RTO, then with doubling waits capped at 1 s', () => {
  let clock = 0;
  const written: number[] = [];
  const channel = new ReliableChannel({ now: () => clock });
  channel.attach({ write: () => (written.push(clock), true) });
  channel.send(PayloadType.Output, Buffer.from('a'));
  for (let t = 0; t < 4000; t += 10) {
    clock = t;
    channel.resendOverdue();
  }
  // First send at 0; RTO 200 ms: resends at >200, then >400 later, >800, then every >1000.
  assert.deepEqual(written, [0, 210, 620, 1430, 2440, 3450]);
  channel.close();
});

/** An agent frame as the client receives it. */
function agentFrame(seq: number, payloadType: number, payload: Buffer): Frame {
  return decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: seq, payloadType, payload }));
}

test('in-order stream data is always acknowledged and delivered, however much the consumer holds (refusing it could lose it for good)', () => {
  const acked: number[] = [];
  const channel = new ReliableChannel();
  channel.attach({ write: (bytes) => (acked.push(parseAck(decodeFrame(bytes)).AcknowledgedMessageSequenceNumber), true) });
  const got = collect(channel);
  const kib = Buffer.alloc(1024, 1);
  for (let seq = 0; seq < 5000; seq++) channel.receive(agentFrame(seq, PayloadType.Output, kib));
  assert.equal(acked.length, 5000);
  assert.equal(got.length, 5000);
  assert.equal(channel.expectedSequence, 5000);
  channel.close();
});

test('the reorder buffer holds at most incomingCapacity frames; past it early frames are dropped unacked, and the frame at expected is still taken', () => {
  const acked: number[] = [];
  const channel = new ReliableChannel({ incomingCapacity: 3 });
  channel.attach({ write: (bytes) => (acked.push(parseAck(decodeFrame(bytes)).AcknowledgedMessageSequenceNumber), true) });
  const got = collect(channel);
  const kib = Buffer.alloc(1024, 2);
  for (let seq = 1; seq <= 5; seq++) channel.receive(agentFrame(seq, PayloadType.Output, kib));
  assert.deepEqual(acked, [1, 2, 3]); // 4 and 5 stay with the peer, which resends them
  assert.equal(channel.reorderBytes, 3 * 1024);
  channel.receive(agentFrame(0, PayloadType.Output, kib));
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2, 3]);
  channel.receive(agentFrame(4, PayloadType.Output, kib));
  channel.receive(agentFrame(5, PayloadType.Output, kib));
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2, 3, 4, 5]);
  assert.equal(channel.reorderBytes, 0);
  channel.close();
});
