// The data-channel upgrade is SigV4-signed like AWS's plugin signs it since 1.2.764.0
// (docs/reference/ssm-data-channel.md §17): against the emulator with requireSignedUpgrade, across a
// renewal whose old credentials expired, and against a bare server running the emulator's
// verifier (a base64 cell-number's + / = in every spelling, a presigned URL left alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { DataChannel } from '../../../main/daemon/ssm/data-channel';
import { openDataChannelSocket } from '../../../main/daemon/ssm/open-websocket';
import { startShellSession, type ShellSession } from '../../../main/daemon/ssm/shell-session';
import { isPresigned, upgradeHeaders } from '../../../main/daemon/ssm/upgrade-signer';
import { AwsError } from '../../../emulator/core/aws-error';
import { checkScope, parseAuthorization, verifySignature } from '../../../emulator/auth/sigv4';
import { startCompute, TARGET } from './support/emulated-compute';

const KEY = { accessKeyId: 'ASIAEXAMPLEKEY000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'the/session+token==' };

/** Waits until the shell's output so far matches a pattern (20 s, or the shell's end, at most). */
function outputWaiter(shell: ShellSession): (pattern: RegExp) => Promise<void> {
  let text = '';
  shell.on('data', (d) => (text += d.toString('utf8')));
  return async (pattern) => {
    const started = Date.now();
    while (!pattern.test(text)) {
      if (Date.now() - started > 20_000 || shell.exited) throw new Error(`no ${pattern} in ${JSON.stringify(text.slice(-300))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

const open = (streamUrl: string, headers: Record<string, string>) =>
  openDataChannelSocket({ streamUrl, headers, tokenValue: 't', clientId: 'c', clientVersion: '1.2.650.0', signal: new AbortController().signal });

test('requireSignedUpgrade: a shell connects signed, and resumes signed with renewed credentials after the old ones expired', async () => {
  const compute = await startCompute();
  compute.emulator.setFaults({ requireSignedUpgrade: true, moveStreamOnResume: true });
  try {
    const source = await compute.renewableSsm();
    const shell = await startShellSession({ ssm: source.ssm, target: TARGET, size: { cols: 80, rows: 24 } });
    const states: string[] = [];
    shell.on('state', (s) => states.push(s));
    const waitFor = outputWaiter(shell);
    shell.write('echo "one-$((6*7))"\n');
    await waitFor(/one-42/);
    const record = compute.emulator.sessions.get(shell.sessionId)!;
    const firstKey = (await source.ssm.config.credentials()).accessKeyId;
    assert.deepEqual(record.upgrades.map((u) => u.signedBy), [firstKey]);

    // The daemon's renewal: every credential issued so far expires, fresh ones go into the source
    // the session's one client reads at every call; nothing is handed to the session.
    compute.emulator.setFaults({ expireCredentialsNow: true });
    const renewedKey = await source.renew();
    compute.emulator.agent.setSessionFaults(shell.sessionId, { dropAfterBytes: { bytes: 1, how: 'kill' } });
    shell.write('echo "two-$((2*21))"\n');
    await waitFor(/two-42/);
    assert.ok(states.includes('reconnecting'), 'the socket was dropped and replaced');
    assert.notEqual(renewedKey, firstKey);
    assert.deepEqual(record.upgrades.map((u) => u.signedBy), [firstKey, renewedKey], 'the resume signed with the renewed credentials, not a stale copy');
    assert.equal(source.refreshes(), 0, 'the renewal came first: ResumeSession did not have to refuse anything');
    await shell.terminate();
  } finally {
    await compute.close();
  }
});

test('credentials refused at ResumeSession: the one client asks its source once, and resumes and signs with the fresh ones', async () => {
  const compute = await startCompute();
  compute.emulator.setFaults({ requireSignedUpgrade: true });
  try {
    const source = await compute.renewableSsm();
    const shell = await startShellSession({ ssm: source.ssm, target: TARGET, size: { cols: 80, rows: 24 } });
    const waitFor = outputWaiter(shell);
    shell.write('echo "one-$((6*7))"\n');
    await waitFor(/one-42/);
    const firstKey = (await source.ssm.config.credentials()).accessKeyId;
    // The credentials die before the daemon renewed them: ResumeSession refuses them.
    compute.emulator.setFaults({ expireCredentialsNow: true });
    compute.emulator.agent.setSessionFaults(shell.sessionId, { dropAfterBytes: { bytes: 1, how: 'kill' } });
    shell.write('echo "two-$((2*21))"\n');
    await waitFor(/two-42/);
    assert.equal(source.refreshes(), 1, 'one refusal, one refresh');
    const freshKey = (await source.ssm.config.credentials()).accessKeyId;
    assert.notEqual(freshKey, firstKey);
    const record = compute.emulator.sessions.get(shell.sessionId)!;
    assert.deepEqual(record.upgrades.map((u) => u.signedBy), [firstKey, freshKey]);
    await shell.terminate();
    assert.notEqual(record.endDate, undefined, 'TerminateSession, signed with the fresh credentials, went through');
  } finally {
    await compute.close();
  }
});

test('requireSignedUpgrade: an unsigned upgrade and a tampered signature are refused with 403; the signed one opens', async () => {
  const compute = await startCompute();
  compute.emulator.setFaults({ requireSignedUpgrade: true });
  try {
    const ssm = await compute.ssm();
    const started = await ssm.send(new StartSessionCommand({ Target: TARGET }));
    const url = new URL(started.StreamUrl!);
    await assert.rejects(open(url.href, {}), /refused the connection \(HTTP 403\)/);
    const signed = await upgradeHeaders(url, ssm);
    const tampered = { ...signed, authorization: signed.authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    await assert.rejects(open(url.href, tampered), /refused the connection \(HTTP 403\)/);
    const socket = await open(url.href, signed);
    socket.terminate();
    assert.equal(compute.emulator.sessions.get(started.SessionId!)!.upgrades.length, 1, 'only the signed upgrade got through');
  } finally {
    await compute.close();
  }
});

/** A bare data-channel endpoint that verifies each upgrade with the emulator's SigV4 verifier and KEY. */
async function verifyingServer() {
  const seen: { url: string; headers: IncomingHttpHeaders; verdict: string }[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => {
    const signed = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) };
    let verdict = 'ok';
    try {
      const auth = parseAuthorization(signed);
      checkScope(auth, 'ssmmessages', (r) => r === 'us-west-2', Date.now());
      assert.equal(auth.sessionToken, KEY.sessionToken);
      verifySignature(signed, auth, KEY.secretAccessKey);
    } catch (error) {
      verdict = error instanceof AwsError ? error.code : String(error);
    }
    seen.push({ url: req.url ?? '', headers: req.headers, verdict });
    if (verdict !== 'ok') return socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) => ws.once('message', () => ws.close()));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { port, seen, close: () => { wss.close(); http.closeAllConnections(); http.close(); } };
}

test("a base64 cell-number's + / = (and other query spellings) round-trip through the client's signing and the emulator's verification", async () => {
  const server = await verifyingServer();
  const ssm = new SSMClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: KEY });
  try {
    const base = `ws://127.0.0.1:${server.port}/v1/data-channel/user-0a1b2c3d4e5f60789`;
    const queries = [
      '?role=publish_subscribe&cell-number=AAEAAf%2Bq%2Fz0%3D%3D', // what the emulator issues (and URLSearchParams writes)
      '?role=publish_subscribe&cell-number=AAEAAf%2bq%2fz0%3d%3d', // lower-case hex
      '?cell-number=AAEAAf+q/z0==&role=publish_subscribe', // raw base64: '+' reads as a space, as Go's url.Query and the verifier read it
      '?role=publish_subscribe&cell-number=AAEAAf%2Bq/z0==', // mixed
      '?b=2&a=1&a=0&empty=&flag', // repeated keys, empty values, out of order
      "?x=%C3%A9t%C3%A9%20(!)*'", // non-ASCII, a space, characters encodeURIComponent leaves alone
    ];
    for (const query of queries) {
      const url = new URL(base + query);
      const socket = await open(url.href, await upgradeHeaders(url, ssm));
      socket.terminate();
      const last = server.seen.at(-1)!;
      assert.equal(last.verdict, 'ok', `${query}: ${last.verdict}`);
      assert.equal(last.url, url.pathname + url.search, 'the URL signed is the URL sent');
    }
    const last = server.seen.at(-1)!;
    assert.equal(last.headers['x-amz-security-token'], KEY.sessionToken, 'temporary credentials send their token');
    assert.match(last.headers.authorization ?? '', /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
    assert.equal(last.headers['x-amz-content-sha256'], undefined, 'no payload-hash header, as the plugin');
  } finally {
    server.close();
  }
});

test('a presigned StreamUrl is used as it is: no second signature', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const seen = new Promise<{ headers: IncomingHttpHeaders; url: string }>((resolve) => wss.once('connection', (_s, req) => resolve({ headers: req.headers, url: req.url ?? '' })));
  const presign = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261202%2Fus-west-2%2Fssmmessages%2Faws4_request&X-Amz-Date=20261202T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-9?role=publish_subscribe&${presign}`;
  const ssm = new SSMClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:9', credentials: KEY });
  const channel = new DataChannel({ sessionId: 's-9', streamUrl: url, tokenValue: 't', ssm, target: 'i-1' });
  try {
    await channel.open();
    const got = await seen;
    assert.equal(got.url, `/v1/data-channel/s-9?role=publish_subscribe&${presign}`);
    assert.equal(got.headers.authorization, undefined);
    assert.equal(got.headers['x-amz-date'], undefined);
    assert.equal(got.headers['x-amz-security-token'], undefined);
  } finally {
    channel.close();
    wss.close();
  }
  for (const param of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token', 'x-amz-signature']) {
    assert.equal(isPresigned(new URL(`wss://h/p?a=1&${param}=v`)), true, param);
  }
  assert.equal(isPresigned(new URL('wss://h/p?role=publish_subscribe&cell-number=AAEA%3D')), false);
});
