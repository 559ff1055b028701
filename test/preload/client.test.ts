// The contract's one client (createClient) and the local API's envelope (WireLink), on their own:
// over a recording transport, inputs are checked before they leave, answers and events when they
// arrive, and every failure is a ConnectError with its code and hint. The three real clients
// (main/daemon/api/client.ts, renderer/src/api/ws-api.ts and bridge-api.ts) are this over a socket
// or the preload bridge; their own tests run them against the daemon.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConnectError,
  EVENT_PREFIX,
  INVOKE_PREFIX,
  WireLink,
  createClient,
  eventChannel,
  eventNames,
  invokeChannel,
  methodNames,
  methods,
  type EventName,
  type MethodName,
  type Session,
  type Wire,
} from '../../preload/contract';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const COMPUTE = 'i-0a1f5c2e9b7d30001';
const session: Session = {
  id: 'gc-1',
  kind: 'shell',
  transport: 'ssm',
  state: 'active',
  target: { fleetId: FLEET, computeName: COMPUTE, location: 'us-west-2', os: 'linux' },
  startedAt: 1,
  bytesIn: 0,
  bytesOut: 0,
};

/** A transport that records what is sent and answers with `answer`; events are played by `emit`. */
function transport(answer: (method: MethodName, input: unknown) => Wire<unknown> | Promise<Wire<unknown>>) {
  const sent: Array<{ method: MethodName; input: unknown }> = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const client = createClient(
    async (method, input) => {
      sent.push({ method, input });
      return answer(method, input);
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => set.delete(listener);
    },
  );
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { client, sent, emit, listeners };
}

const rejectsWith = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  assert.rejects(promise, (e: unknown) => e instanceof ConnectError && e.code === code && (!message || message.test(e.message)));

test('one typed method per contract method, and a call(name) that refuses unknown names', async () => {
  const { client } = transport(() => ({ ok: true, value: {} }));
  for (const method of methodNames) assert.equal(typeof client[method], 'function', method);
  await rejectsWith(client.call('noSuchMethod' as 'getStatus', {}), 'InvalidInput', /Unknown method: noSuchMethod/);
  await rejectsWith(client.call('__proto__' as 'getStatus', {}), 'InvalidInput');
  await rejectsWith(client.call('constructor' as 'getStatus', {}), 'InvalidInput');
});

test('inputs are checked before they leave: bad input never reaches the transport', async () => {
  const { client, sent } = transport(() => ({ ok: true, value: session }));
  await rejectsWith(client.openForward({ fleetId: FLEET, computeName: COMPUTE, remotePort: 0 }), 'InvalidInput', /^Invalid input for openForward at remotePort: /);
  await rejectsWith(client.getStatus({ extra: 1 } as never), 'InvalidInput');
  await rejectsWith(client.openShell({ fleetId: 'not a fleet', computeName: COMPUTE }), 'InvalidInput', /fleetId/);
  assert.deepEqual(sent, []);
  // Good input leaves as the schema parsed it.
  await client.openShell({ fleetId: FLEET, computeName: COMPUTE });
  assert.deepEqual(sent, [{ method: 'openShell', input: { fleetId: FLEET, computeName: COMPUTE } }]);
});

test('answers are checked when they come back: one that breaks the contract is not believed', async () => {
  const { client } = transport((method) =>
    method === 'getStatus' ? { ok: true, value: { version: 1, sandbox: 'yes' } } : { ok: true, value: { ended: true, extra: 'dropped' } },
  );
  await assert.rejects(client.getStatus({}), (e: ConnectError) => {
    assert.ok(e instanceof ConnectError);
    assert.equal(e.code, 'Internal');
    assert.match(e.message, /answer to getStatus did not match the contract/);
    assert.match(e.hint ?? '', /different versions/);
    return true;
  });
  // What passes is what the schema parsed: unknown keys do not reach the caller.
  assert.deepEqual(await client.endSession({ sessionId: 'gc-1' }), { ended: true });
});

test('errors: a refusal keeps its code and hint; an unreadable one is Internal; a transport failure passes through', async () => {
  const refused = transport(() => ({ ok: false, error: { code: 'AccessDenied', message: 'not allowed', hint: 'ask for gamelift:ListFleets' } }));
  await assert.rejects(refused.client.listFleets({}), (e: ConnectError) => {
    assert.ok(e instanceof ConnectError && e instanceof Error);
    assert.deepEqual({ name: e.name, code: e.code, message: e.message, hint: e.hint }, { name: 'ConnectError', code: 'AccessDenied', message: 'not allowed', hint: 'ask for gamelift:ListFleets' });
    return true;
  });
  const garbled = transport(() => ({ ok: false, error: { code: 'NoSuchCode', message: 7 } }) as never);
  await rejectsWith(garbled.client.listFleets({}), 'Internal', /unreadable error/);
  const notWire = transport(() => 'not a wire value' as never);
  await rejectsWith(notWire.client.listFleets({}), 'Internal', /unreadable error/);
  const broken = new Error('socket gone');
  const failing = transport(() => Promise.reject(broken));
  await assert.rejects(failing.client.listFleets({}), (e) => e === broken);
});

test('events: typed payloads reach listeners, malformed ones are dropped, off() unsubscribes', () => {
  const { client, emit, listeners } = transport(() => ({ ok: true, value: {} }));
  const got: unknown[] = [];
  const off = client.on('sessionChanged', (s) => got.push(s.state));
  emit('sessionChanged', session);
  emit('sessionChanged', { id: 'not-a-session' });
  emit('sessionChanged', { ...session, state: 'ended' });
  assert.deepEqual(got, ['active', 'ended']);
  off();
  emit('sessionChanged', session);
  assert.equal(got.length, 2);
  assert.equal(listeners.get('sessionChanged')?.size, 0);
  assert.throws(() => client.on('noSuchEvent' as EventName, () => undefined), (e: ConnectError) => e.code === 'InvalidInput');
});

test('a listener that throws does not stop the others', (t) => {
  const { client, emit } = transport(() => ({ ok: true, value: {} }));
  const logged = t.mock.method(console, 'error', () => undefined);
  const got: string[] = [];
  client.on('notification', () => {
    throw new Error('view bug');
  });
  client.on('notification', (n) => got.push(n.title));
  emit('notification', { kind: 'info', title: 't', body: 'b' });
  assert.deepEqual(got, ['t']);
  assert.equal(logged.mock.callCount(), 1);
});

test('WireLink: numbered requests, responses matched by id, events fanned out, junk ignored', async () => {
  const link = new WireLink();
  const frames: string[] = [];
  const first = link.request('getStatus', {}, (f) => frames.push(f));
  const second = link.request('listFleets', { refresh: true }, (f) => frames.push(f));
  assert.deepEqual(frames.map((f) => JSON.parse(f)), [
    { id: 1, method: 'getStatus', input: {} },
    { id: 2, method: 'listFleets', input: { refresh: true } },
  ]);
  const events: unknown[] = [];
  link.subscribe('notification', (p) => events.push(p));
  for (const junk of ['{not json', 'null', '42', JSON.stringify({ id: 99, ok: true, value: 1 }), new Uint8Array([1])]) link.receive(junk);
  link.receive(JSON.stringify({ event: 'notification', payload: { hello: 1 } }));
  link.receive(JSON.stringify({ id: 2, ok: false, error: { code: 'Throttled', message: 'slow down' } }));
  link.receive(JSON.stringify({ id: 1, ok: true, value: 'status' }));
  assert.deepEqual(await second, { id: 2, ok: false, error: { code: 'Throttled', message: 'slow down' } });
  assert.deepEqual(await first, { id: 1, ok: true, value: 'status' });
  assert.deepEqual(events, [{ hello: 1 }], 'the link passes payloads raw: createClient checks them');
});

test('WireLink: a lost connection fails every pending request; a write that throws fails its own', async () => {
  const link = new WireLink();
  const gone = new ConnectError({ code: 'Unreachable', message: 'gone' });
  const pending = [link.request('getStatus', {}, () => undefined), link.request('listSessions', {}, () => undefined)];
  link.failAll(gone);
  for (const p of pending) await assert.rejects(p, (e) => e === gone);
  await assert.rejects(
    link.request('getStatus', {}, () => {
      throw gone;
    }),
    (e) => e === gone,
  );
  link.failAll(new Error('nothing pending: nothing to fail'));
});

test('createClient over a WireLink: the whole local-API client, minus the socket', async () => {
  const link = new WireLink();
  const client = createClient((method, input) => link.request(method, input, (frame) => {
    const { id } = JSON.parse(frame) as { id: number };
    queueMicrotask(() => link.receive(JSON.stringify({ id, ok: true, value: { ended: false } })));
  }), link.subscribe);
  assert.deepEqual(await client.endSession({ sessionId: 'gc-1' }), { ended: false });
  const seen: string[] = [];
  client.on('terminalData', (d) => seen.push(d.data));
  link.receive(JSON.stringify({ event: 'terminalData', payload: { sessionId: 'gc-1', data: 'aGk=', offset: 2 } }));
  link.receive(JSON.stringify({ event: 'terminalData', payload: { sessionId: 'nope', data: 'aGk=', offset: 2 } }));
  assert.deepEqual(seen, ['aGk=']);
});

test('IPC channels: one per method and one per event, all distinct, under the two prefixes', () => {
  assert.deepEqual(methodNames, Object.keys(methods));
  const invoke = methodNames.map(invokeChannel);
  const send = eventNames.map(eventChannel);
  assert.equal(new Set([...invoke, ...send]).size, methodNames.length + eventNames.length);
  assert.ok(invoke.every((c) => c.startsWith(INVOKE_PREFIX)) && send.every((c) => c.startsWith(EVENT_PREFIX)));
  assert.equal(invokeChannel('getStatus'), 'gameliftConnect:call:getStatus');
  assert.equal(eventChannel('sessionChanged'), 'gameliftConnect:event:sessionChanged');
});
