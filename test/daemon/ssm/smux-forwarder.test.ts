// The smux forwarder against the codec: real local sockets on one side, the agent's byte stream
// (decoded with SmuxDecoder) on the other.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { SmuxForwarder, SMUX_KEEPALIVE_MS } from '../../../main/daemon/ssm/smux-forwarder';
import { encodeSmuxFrame, SmuxCommand, SmuxDecoder } from '../../../main/daemon/ssm/smux-frame';
import type { SmuxFrame } from '../../../main/daemon/ssm/smux-frame';
import { FlagValue } from '../../../main/daemon/ssm/frame';
import { MAX_DATA_PAYLOAD } from '../../../main/daemon/ssm/data-channel';
import { waitFor } from '../../support/wait';

interface Rig {
  forwarder: SmuxForwarder;
  /** smux frames the forwarder sent to the agent, decoded. */
  sent: SmuxFrame[];
  payloadSizes: number[];
  closed: { id: number; error?: string }[];
  /** A connected pair: `local` is what a user's app holds, `accepted` what the forwarder got. */
  connect(): Promise<{ local: Socket; accepted: Socket }>;
  close(): Promise<void>;
}

async function rig(options: { keepalive?: boolean } = {}): Promise<Rig> {
  const decoder = new SmuxDecoder();
  const sent: SmuxFrame[] = [];
  const payloadSizes: number[] = [];
  const closed: { id: number; error?: string }[] = [];
  const forwarder = new SmuxForwarder(
    {
      sendOutput: (data) => {
        payloadSizes.push(data.length);
        sent.push(...decoder.push(data));
        return true;
      },
      sendFlag: () => true,
      consumerDrained: () => {},
      log: () => {},
    },
    { opened: () => {}, closed: (id, error) => closed.push(error === undefined ? { id } : { id, error }) },
    { keepalive: options.keepalive ?? false },
  );
  const accepted: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    forwarder.accept(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    forwarder, sent, payloadSizes, closed,
    async connect() {
      const before = accepted.length;
      const local = createConnection({ host: '127.0.0.1', port });
      await waitFor('the connection to be accepted', () => accepted.length > before, 3000);
      return { local, accepted: accepted[before]! };
    },
    async close() {
      forwarder.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('streams get odd ids from 3; SYN first, data as PSH frames that fit one data-channel frame', async () => {
  const r = await rig();
  try {
    const a = await r.connect();
    const b = await r.connect();
    a.local.write(Buffer.alloc(5000, 1));
    await waitFor('5000 bytes in PSH frames', () => r.sent.filter((f) => f.cmd === SmuxCommand.Psh).reduce((n, f) => n + f.data.length, 0) === 5000, 3000);
    assert.deepEqual(r.sent.slice(0, 2).map((f) => [f.cmd, f.streamId]), [[SmuxCommand.Syn, 3], [SmuxCommand.Syn, 5]]);
    assert.ok(r.sent.filter((f) => f.cmd === SmuxCommand.Psh).every((f) => f.streamId === 3));
    assert.ok(r.payloadSizes.every((n) => n <= MAX_DATA_PAYLOAD));
    assert.equal(r.forwarder.active, 2);
    b.local.destroy();
    a.local.destroy();
  } finally {
    await r.close();
  }
});

test('agent PSH reaches the right local socket, even split across data-channel frames', async () => {
  const r = await rig();
  try {
    const a = await r.connect();
    const b = await r.connect();
    let gotA = '';
    let gotB = '';
    a.local.on('data', (d: Buffer) => (gotA += d.toString()));
    b.local.on('data', (d: Buffer) => (gotB += d.toString()));
    const stream = Buffer.concat([encodeSmuxFrame(SmuxCommand.Psh, 5, Buffer.from('to-b')), encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('to-a'))]);
    r.forwarder.onOutput(stream.subarray(0, 5));
    r.forwarder.onOutput(stream.subarray(5));
    await waitFor('data on both streams', () => gotA === 'to-a' && gotB === 'to-b', 3000);
    a.local.destroy();
    b.local.destroy();
  } finally {
    await r.close();
  }
});

test('a local EOF sends FIN and closes the local socket: no half-close', async () => {
  const r = await rig();
  try {
    const a = await r.connect();
    const closedLocally = new Promise((resolve) => a.local.once('close', resolve));
    a.local.end();
    await closedLocally;
    await waitFor('a FIN for stream 3', () => r.sent.some((f) => f.cmd === SmuxCommand.Fin && f.streamId === 3), 3000);
    assert.equal(r.forwarder.active, 0);
    assert.deepEqual(r.closed, [{ id: 3 }]);
  } finally {
    await r.close();
  }
});

test('an agent FIN delivers what arrived, then closes the local connection', async () => {
  const r = await rig();
  try {
    const a = await r.connect();
    let got = '';
    a.local.on('data', (d: Buffer) => (got += d.toString()));
    const ended = new Promise((resolve) => a.local.once('end', resolve));
    r.forwarder.onOutput(Buffer.concat([encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('last words')), encodeSmuxFrame(SmuxCommand.Fin, 3)]));
    await ended;
    assert.equal(got, 'last words');
    assert.equal(r.sent.filter((f) => f.cmd === SmuxCommand.Fin).length, 1, 'FIN answered once');
    a.local.destroy();
  } finally {
    await r.close();
  }
});

test('ConnectToPortError: the next FIN of a stream that got no data carries the reason', async () => {
  const r = await rig();
  try {
    const a = await r.connect();
    a.local.on('error', () => {});
    r.forwarder.onFlag(FlagValue.ConnectToPortError);
    r.forwarder.onOutput(encodeSmuxFrame(SmuxCommand.Fin, 3));
    await waitFor('the forwarder to close', () => r.closed.length === 1, 3000);
    assert.match(r.closed[0]!.error ?? '', /could not connect to the destination port/);
  } finally {
    await r.close();
  }
});

test('keepalive NOPs every 10 s only when asked (agents ≤ 3.1.1511.0)', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const withNops = await rig({ keepalive: true });
    const without = await rig({ keepalive: false });
    mock.timers.tick(SMUX_KEEPALIVE_MS * 3);
    assert.equal(withNops.sent.filter((f) => f.cmd === SmuxCommand.Nop && f.streamId === 0).length, 3);
    assert.equal(without.sent.length, 0);
    await withNops.close();
    await without.close();
  } finally {
    mock.timers.reset();
  }
});
