// The data channel's opening, seen from a bare WebSocket server standing in for the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { WebSocketServer } from 'ws';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DataChannel } from '../../../main/daemon/ssm/data-channel';
import { parseExitCode } from '../../../main/daemon/ssm/session-end';
import { CLIENT_VERSION } from '../../../main/daemon/ssm/version';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const unusedSsm = () => new SSMClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

test('the first frame is OpenDataChannelInput as text, then a "keepalive" ping; no Origin, a SigV4-signed upgrade', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const seen = new Promise<{ headers: IncomingHttpHeaders; url: string; text: string; isBinary: boolean; ping: string }>((resolve) => {
    wss.once('connection', (socket, request) => {
      let first: { text: string; isBinary: boolean } | null = null;
      socket.once('message', (data, isBinary) => (first = { text: String(data), isBinary }));
      socket.once('ping', (payload) => setTimeout(() => resolve({ headers: request.headers, url: request.url ?? '', ...first!, ping: payload.toString() }), 20));
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-1?role=publish_subscribe&cell-number=AAEA`;
  const channel = new DataChannel({ sessionId: 's-1', streamUrl: url, tokenValue: 'the-token', ssm: unusedSsm(), target: 'i-1' });
  try {
    await channel.open();
    const got = await seen;
    assert.equal(got.url, '/v1/data-channel/s-1?role=publish_subscribe&cell-number=AAEA', 'StreamUrl used exactly as returned');
    assert.equal(got.isBinary, false);
    const input = JSON.parse(got.text) as Record<string, string>;
    assert.deepEqual(Object.keys(input), ['MessageSchemaVersion', 'RequestId', 'TokenValue', 'ClientId', 'ClientVersion']);
    assert.equal(input.MessageSchemaVersion, '1.0');
    assert.match(input.RequestId!, UUID);
    assert.equal(input.TokenValue, 'the-token');
    assert.equal(input.ClientId, channel.clientId);
    assert.equal(input.ClientVersion, CLIENT_VERSION);
    assert.equal(got.ping, 'keepalive');
    assert.equal(got.headers.origin, undefined);
    assert.match(got.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=x\/\d{8}\/us-west-2\/ssmmessages\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/);
    assert.equal(got.headers['sec-websocket-extensions'], undefined, 'no compression');
    assert.equal(channel.state, 'connected');
  } finally {
    channel.close();
    wss.close();
  }
});

test('a refused connection is retried 5 times with the same token, then fails with the HTTP status', async () => {
  let attempts = 0;
  const server = createServer((_req, res) => {
    attempts++;
    res.writeHead(403).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/data-channel/s-2`;
  const channel = new DataChannel({ sessionId: 's-2', streamUrl: url, tokenValue: 't', ssm: unusedSsm(), target: 'i-1' });
  try {
    await assert.rejects(channel.open(), /refused the connection \(HTTP 403\)/);
    assert.equal(attempts, 6);
  } finally {
    channel.close();
    server.close();
  }
});

test('a service that drops every socket at once ends the session instead of resuming in a loop', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => socket.once('message', () => socket.close(1000, 'Bye')));
  let resumes = 0;
  // SSM as the service answers ResumeSession: a fresh token each time.
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-3`;
  const ssm = unusedSsm();
  ssm.send = (async () => ({ SessionId: 's-3', TokenValue: `token-${++resumes}`, StreamUrl: url })) as SSMClient['send'];
  const channel = new DataChannel({ sessionId: 's-3', streamUrl: url, tokenValue: 't', ssm, target: 'i-1' });
  try {
    const closed = new Promise<{ by: string; reason: string }>((resolve) => channel.once('closed', resolve));
    await channel.open();
    const info = await closed;
    assert.equal(info.by, 'error');
    assert.match(info.reason, /closed 6 times in a row right after opening/);
    assert.equal(resumes, 5);
  } finally {
    channel.close();
    wss.close();
  }
});

test('EXIT_CODE payloads parse; anything else is a clear error', () => {
  assert.equal(parseExitCode(Buffer.from('EXIT_CODE: 3')), 3);
  assert.equal(parseExitCode(Buffer.from('\nEXIT_CODE: 0\n')), 0);
  assert.throws(() => parseExitCode(Buffer.from('done')), /unreadable exit code "done"/);
});
