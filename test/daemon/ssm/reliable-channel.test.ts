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

test('receive gate: above the high-water mark stream data is neither acked nor delivered; control frames pass; accepted again at the low mark', () => {
  const acked: number[] = [];
  const channel = new ReliableChannel({ receiveHighWater: 4000, receiveLowWater: 1000 });
  channel.attach({ write: (bytes) => (acked.push(parseAck(decodeFrame(bytes)).AcknowledgedMessageSequenceNumber), true) });
  let backlog = 0;
  channel.receiveGate.backlog = () => backlog;
  const got = collect(channel);
  channel.on('deliver', (f) => (backlog += f.payloadType === PayloadType.Output ? f.payload.length : 0));
  const kib = Buffer.alloc(1024, 1);

  for (let seq = 0; seq < 4; seq++) channel.receive(agentFrame(seq, PayloadType.Output, kib));
  assert.deepEqual(acked, [0, 1, 2, 3]);
  assert.equal(backlog, 4096); // over the mark: the gate closes on the next frame

  channel.receive(agentFrame(4, PayloadType.Output, kib)); // in order, not ready
  channel.receive(agentFrame(5, PayloadType.Output, kib)); // early: the reorder buffer does not grow
  assert.deepEqual(acked, [0, 1, 2, 3]);
  assert.equal(channel.expectedSequence, 4);
  assert.equal(channel.reorderBytes, 0);
  assert.equal(got.length, 4);
  assert.equal(channel.receiveGate.refused, 2);
  assert.equal(channel.receiveGate.isClosed, true);

  // Between the marks the gate stays closed (hysteresis).
  backlog = 2000;
  channel.receive(agentFrame(4, PayloadType.Output, kib));
  assert.equal(channel.expectedSequence, 4);

  // Control frames are never refused, in order or early.
  const controlChannel = new ReliableChannel({ receiveHighWater: 10 });
  const controlAcks: number[] = [];
  controlChannel.attach({ write: (bytes) => (controlAcks.push(parseAck(decodeFrame(bytes)).AcknowledgedMessageSequenceNumber), true) });
  controlChannel.receiveGate.backlog = () => 1_000_000;
  const controlGot = collect(controlChannel);
  controlChannel.receive(agentFrame(0, PayloadType.HandshakeRequest, Buffer.from('{}')));
  controlChannel.receive(agentFrame(2, PayloadType.Flag, Buffer.from([0, 0, 0, 3])));
  controlChannel.receive(agentFrame(1, PayloadType.Output, kib));
  assert.deepEqual(controlAcks, [0, 2]);
  assert.deepEqual(controlGot.map((f) => f.sequenceNumber), [0]);
  controlChannel.close();

  // At the low mark: the agent's retransmissions are taken again, in order.
  backlog = 1000;
  channel.receive(agentFrame(5, PayloadType.Output, kib)); // early, room in the mark: buffered and acked
  channel.receive(agentFrame(4, PayloadType.Output, kib));
  assert.deepEqual(acked, [0, 1, 2, 3, 5, 4]);
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2, 3, 4, 5]);
  assert.equal(channel.reorderBytes, 0);
  assert.equal(channel.receiveGate.isClosed, false);
  channel.close();
});

test('receive gate: the reorder buffer holds at most the high-water mark; the frame at expected is still taken', () => {
  const channel = new ReliableChannel({ receiveHighWater: 3000 });
  channel.attach({ write: () => true });
  const got = collect(channel);
  const kib = Buffer.alloc(1024, 2);
  for (let seq = 1; seq <= 5; seq++) channel.receive(agentFrame(seq, PayloadType.Output, kib));
  assert.equal(channel.reorderBytes, 2048); // a third would pass 3000
  channel.receive(agentFrame(0, PayloadType.Output, kib));
  assert.deepEqual(got.map((f) => f.sequenceNumber), [0, 1, 2]);
  assert.equal(channel.expectedSequence, 3);
  channel.close();
});

test('receive gate over a lossy wire: a slow consumer keeps the buffered bytes under the mark and every byte arrives in order', () => {
  let clock = 0;
  const now = () => clock;
  const high = 16 * 1024;
  const client = new ReliableChannel({ now, receiveHighWater: high });
  const agent = new ReliableChannel({ now, outgoingType: MessageType.OutputStreamData, window: 64, queueLimit: 128 });
  const random = prng(7);
  const inTransit: { to: ReliableChannel; bytes: Buffer }[] = [];
  const linkTo = (to: ReliableChannel): Link => ({
    write(bytes) {
      if (random() < 0.05) return true; // lost
      if (random() < 0.1) inTransit.unshift({ to, bytes });
      else inTransit.push({ to, bytes });
      return true;
    },
  });
  client.attach(linkTo(agent));
  agent.attach(linkTo(client));
  let unread = 0;
  let worst = 0;
  let worstUnread = 0;
  const received: Buffer[] = [];
  client.receiveGate.backlog = () => unread;
  client.on('deliver', (f) => {
    received.push(f.payload);
    unread += f.payload.length;
  });
  const total = 400;
  let sent = 0;
  for (let round = 0; round < 20_000 && received.length < total; round++) {
    while (sent < total && agent.queued < 120) agent.send(PayloadType.Output, Buffer.alloc(1000, sent++ % 251));
    for (let moved = 0; inTransit.length > 0 && moved < 500; moved++) {
      const next = inTransit.shift()!;
      feed(next.to, next.bytes);
      worst = Math.max(worst, unread + client.reorderBytes);
      worstUnread = Math.max(worstUnread, unread);
    }
    clock += 50;
    client.resendOverdue();
    agent.resendOverdue();
    if (round % 20 === 0) unread = Math.max(0, unread - 4000); // the consumer reads 4 KB per second
  }
  assert.equal(received.length, total);
  assert.deepEqual(received.map((p) => p[0]), Array.from({ length: total }, (_, i) => i % 251));
  assert.ok(client.receiveGate.refused > 0, 'the gate refused frames');
  // At most the mark in the consumer (plus the frame that crossed it) and the mark out of order.
  assert.ok(worstUnread <= high + 1000 + high, `unread ${worstUnread} bytes, high-water ${high}`);
  assert.ok(worst <= 2 * high + 1000, `buffered ${worst} bytes, high-water ${high}`);
  client.close();
  agent.close();
});
