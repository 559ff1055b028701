// The renderer's web-mode transport (renderer/src/api/ws-api.ts) under Node 22's own WebSocket:
// against the real daemon's local API it calls methods and receives events; against a server
// that breaks the contract it refuses what it gets instead of handing it to a view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { API_PROTOCOL, BEARER_PROTOCOL_PREFIX, type Session } from '../../preload/contract';
import { startSandbox } from '../../main/daemon/web/sandbox';
import { startWebMode, type WebMode } from '../../main/daemon/web/web-mode';
import { ConnectError } from '../../renderer/src/api/errors';
import { WsLink } from '../../renderer/src/api/ws-api';

let web: WebMode;
let link: WsLink;

before(async () => {
  web = await startWebMode({ rendererRoot: 'dist/renderer', sandbox: () => startSandbox() });
  const url = new URL(web.url);
  const token = decodeURIComponent(url.hash.replace('#token=', ''));
  link = new WsLink(`ws://${url.host}/api`, token);
});
after(async () => {
  link?.close();
  await web?.close();
});

test('calls reach the daemon and come back checked', async () => {
  const status = await link.api.getStatus({});
  assert.equal(status.sandbox, true);
  const { fleets } = await link.api.listFleets({});
  assert.ok(fleets.some((f) => f.name === 'arena-linux-sdk5'));
});

test('inputs are checked before they leave', async () => {
  await assert.rejects(
    link.api.openForward({ fleetId: 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001', computeName: 'i-0a1f5c2e9b7d30001', remotePort: 0 }),
    (e: ConnectError) => e instanceof ConnectError && e.code === 'InvalidInput' && /remotePort/.test(e.message),
  );
});

test('daemon errors keep their code and hint', async () => {
  await assert.rejects(
    link.api.renewSession({ sessionId: 'gc-doesnotexist' }),
    (e: ConnectError) => e instanceof ConnectError && e.code === 'NotFound',
  );
});

test('events arrive typed: a shell session announces its states', async () => {
  const seen: Session['state'][] = [];
  const off = link.api.on('sessionChanged', (s) => seen.push(s.state));
  const session = await link.api.openShell({ fleetId: 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001', computeName: 'i-0a1f5c2e9b7d30001' });
  await link.api.endSession({ sessionId: session.id });
  const deadline = Date.now() + 5_000;
  while (!seen.includes('ended') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  off();
  assert.ok(seen.includes('active') && seen.includes('ended'), seen.join(' → '));
});

test('a server that breaks the contract is not believed', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has(API_PROTOCOL) ? API_PROTOCOL : false) });
  const offered: string[][] = [];
  wss.on('connection', (ws, req) => {
    offered.push(String(req.headers['sec-websocket-protocol']).split(/,\s*/));
    ws.on('message', (data) => {
      const { id } = JSON.parse(String(data)) as { id: number };
      ws.send(JSON.stringify({ event: 'sessionChanged', payload: { id: 'not-a-session' } }));
      ws.send(JSON.stringify({ event: 'noSuchEvent', payload: {} }));
      ws.send(JSON.stringify({ id, ok: true, value: { version: 1, sandbox: 'yes' } }));
    });
  });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const hostile = new WsLink(`ws://127.0.0.1:${port}/api`, 'secret-token');
  const events: unknown[] = [];
  hostile.api.on('sessionChanged', (s) => events.push(s));
  try {
    await assert.rejects(hostile.api.getStatus({}), (e: ConnectError) => e.code === 'Internal' && /did not match the contract/.test(e.message));
    assert.deepEqual(events, [], 'a malformed event is dropped');
    assert.deepEqual(offered[0], [API_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}secret-token`]);
  } finally {
    hostile.close();
    await new Promise((r) => wss.close(r));
  }
});
