// The local API on a real socket: the token (header or subprotocol), Origin and Host guards, the
// runtime file's permissions, hostile calls answered with InvalidInput while the daemon keeps
// working, and events pushed to subscribers.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { API_PROTOCOL, BEARER_PROTOCOL_PREFIX, type ConnectError } from '../../../preload/contract';
import { connectToDaemon, type DaemonClient } from '../../../main/daemon/api/client';
import { serveDaemon } from '../../../main/daemon/api/serve';
import { assertPrivateKeyring } from '../../support/keyring';
import { startHarness, type Harness } from '../harness';

let h: Harness;
let served: Awaited<ReturnType<typeof serveDaemon>>;
let runtimeDir: string;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness();
  runtimeDir = await mkdtemp(join(tmpdir(), 'glc-run-'));
  served = await serveDaemon(h.daemon, { runtimeDir });
});
after(async () => {
  await served?.close();
  await h?.close();
});

/** The HTTP status of an upgrade attempt (101 = accepted). */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: served.port,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', host: `127.0.0.1:${served.port}`, ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

const bearer = () => ({ authorization: `Bearer ${served.token}` });

test('the runtime file is the user\'s alone and names the port', async () => {
  const info = await stat(served.runtimeFile);
  assert.equal(info.mode & 0o777, 0o600);
  assert.equal((await stat(runtimeDir)).mode & 0o077, 0, 'its directory is not shared either');
});

test('a missing or wrong token is refused; the right one, by header or subprotocol, admitted', async () => {
  assert.equal(await upgradeStatus({}), 401);
  assert.equal(await upgradeStatus({ authorization: 'Bearer nope' }), 401);
  assert.equal(await upgradeStatus({ 'sec-websocket-protocol': `${API_PROTOCOL}, ${BEARER_PROTOCOL_PREFIX}wrong` }), 401);
  assert.equal(await upgradeStatus(bearer()), 101);
  assert.equal(await upgradeStatus({ 'sec-websocket-protocol': `${API_PROTOCOL}, ${BEARER_PROTOCOL_PREFIX}${served.token}` }), 101);
});

test('the server answers with the API protocol only, never echoing the token', async () => {
  const ws = new WebSocket(served.url, [API_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${served.token}`]);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  assert.equal(ws.protocol, API_PROTOCOL);
  ws.close();
});

test('a foreign Origin and a bad Host (DNS rebinding) are refused even with the token', async () => {
  assert.equal(await upgradeStatus({ ...bearer(), origin: 'https://evil.example' }), 403);
  assert.equal(await upgradeStatus({ ...bearer(), origin: `http://127.0.0.1:${served.port + 1}` }), 403);
  assert.equal(await upgradeStatus({ ...bearer(), host: `evil.example:${served.port}` }), 403);
  assert.equal(await upgradeStatus({ ...bearer(), origin: `http://127.0.0.1:${served.port}` }), 101);
  assert.equal(await upgradeStatus({ ...bearer(), host: `localhost:${served.port}` }), 101);
});

test('hostile calls get InvalidInput and the daemon keeps working', async () => {
  const client = (await connectToDaemon(runtimeDir)) as DaemonClient;
  assert.ok(client, 'found through the runtime file');
  const hostile: Array<[method: string, input: unknown]> = [
    ['noSuchMethod', {}],
    ['__proto__', {}],
    ['openShell', { fleetId: 'not a fleet', computeName: 'x' }],
    ['getStatus', { extra: 1 }],
    ['writeTerminal', { sessionId: 'gc-x', data: 'A'.repeat(500_000) }],
    ['openExternal', { url: 'https://evil.example/' }],
  ];
  // The client refuses what the contract refuses before it leaves (the server decides the last)…
  const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: ConnectError) => e.code);
  for (const [method, input] of hostile) assert.equal(await code(client.call(method as 'getStatus', input as never)), 'InvalidInput', method);

  // …so the server is sent them raw: it must refuse them just the same.
  const raw = new WebSocket(served.url, [API_PROTOCOL], { headers: bearer() });
  await new Promise((r) => raw.once('open', r));
  type Reply = { id: number; ok: boolean; error: { code: string; message: string } };
  const replies: Reply[] = [];
  raw.on('message', (d) => {
    const message = JSON.parse(String(d)) as Reply | { event: string };
    if ('id' in message) replies.push(message); // not an event pushed meanwhile
  });
  const reply = async (): Promise<Reply> => {
    while (replies.length === 0) await new Promise((r) => setTimeout(r, 10));
    return replies.shift()!;
  };
  for (const [i, [method, input]] of hostile.entries()) {
    raw.send(JSON.stringify({ id: i, method, input }));
    const answer = await reply();
    assert.deepEqual([answer.id, answer.ok, answer.error.code], [i, false, 'InvalidInput'], method);
  }
  raw.send('{not json');
  const parsed = await reply();
  assert.equal(parsed.ok, false);
  assert.equal(parsed.error.code, 'InvalidInput');
  assert.ok(!/at .*\.ts:\d+/.test(parsed.error.message), 'no stack trace');
  raw.close();

  const status = await client.call('getStatus', {});
  assert.equal(status.sandbox, true);
  assert.ok((await client.call('listFleets', {})).fleets.length > 0);
  client.close();
});

test('a frame over 1 MiB closes that connection only (1009); the daemon keeps serving', async () => {
  const raw = new WebSocket(served.url, [API_PROTOCOL], { headers: bearer() });
  await new Promise((r) => raw.once('open', r));
  const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
  raw.send(JSON.stringify({ id: 1, method: 'getStatus', input: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
  assert.equal(await closed, 1009);
  const client = (await connectToDaemon(runtimeDir))!;
  assert.equal((await client.call('getStatus', {})).sandbox, true);
  client.close();
});

test('events reach subscribers', async () => {
  const client = (await connectToDaemon(runtimeDir))!;
  const got = new Promise((resolve) => client.on('notification', resolve));
  h.daemon.events.emit('notification', { kind: 'info', title: 't', body: 'b' });
  assert.deepEqual(await got, { kind: 'info', title: 't', body: 'b' });
  client.close();
});

test('no daemon behind the runtime file → connectToDaemon gives null', async () => {
  assert.equal(await connectToDaemon(await mkdtemp(join(tmpdir(), 'glc-none-'))), null);
});
