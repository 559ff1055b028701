// The data-channel endpoint's front door: StreamUrl cells (moveStreamOnResume) and SigV4 on the
// upgrade (verified when present, required with requireSignedUpgrade), seen with raw WebSockets
// and the SDK's own signer, independent of the product's client.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { ResumeSessionCommand, StartSessionCommand } from '@aws-sdk/client-ssm';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { computeCredentials, ssm, type Creds } from '../emulator-fixture';

const LINUX = 'i-0a1f5c2e9b7d30001';
const OTHER = 'i-0a1f5c2e9b7d30002';

let emu: Emulator;
let creds: Creds;

before(async () => {
  emu = await startEmulator({ faults: { accessRateLimit: { burst: 1000, perSecond: 1000 } } });
  creds = await computeCredentials(emu, 'arena-linux-sdk5', LINUX);
});
after(() => emu.close());
beforeEach(() => emu.setFaults({ moveStreamOnResume: false, requireSignedUpgrade: false }));

/** The upgrade's SigV4 headers, made by the SDK's signer from the URL as sent (decoded query). */
async function signedHeaders(streamUrl: string, credentials: Creds, service = 'ssmmessages'): Promise<Record<string, string>> {
  const url = new URL(streamUrl);
  // The SDK's own SHA-256 for Node, as every SDK client carries it.
  const signer = new SignatureV4({ service, region: emu.region, credentials, sha256: ssm(emu, credentials).config.sha256, applyChecksum: false });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host },
  });
  return signed.headers;
}

/** 101 (then closed at once), or the refusal's status and error type. */
function upgrade(streamUrl: string, headers: Record<string, string> = {}): Promise<{ status: number; type?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(streamUrl, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve({ status: 101 });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['x-amzn-errortype']) });
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

async function startSession() {
  const client = ssm(emu, creds);
  const out = await client.send(new StartSessionCommand({ Target: LINUX }));
  const resume = async () => (await client.send(new ResumeSessionCommand({ SessionId: out.SessionId! }))).StreamUrl!;
  return { sessionId: out.SessionId!, streamUrl: out.StreamUrl!, resume };
}

const cellOf = (streamUrl: string) => new URL(streamUrl).searchParams.get('cell-number');

test('a StreamUrl carries a base64 cell-number holding + / =, percent-encoded; without the knob ResumeSession keeps it', async () => {
  const session = await startSession();
  assert.match(cellOf(session.streamUrl)!, /^(?=.*\+)(?=.*\/)[A-Za-z0-9+/]{43}=$/);
  assert.match(session.streamUrl, /cell-number=[A-Za-z0-9%]+%3D$/);
  assert.equal(await session.resume(), session.streamUrl);
  assert.equal((await upgrade(session.streamUrl)).status, 101, 'unsigned upgrades pass unless the knob requires a signature');
});

test('moveStreamOnResume: every ResumeSession issues a new cell and the older URLs are refused with 403', async () => {
  emu.setFaults({ moveStreamOnResume: true });
  const session = await startSession();
  const second = await session.resume();
  const third = await session.resume();
  assert.equal(new Set([session.streamUrl, second, third].map(cellOf)).size, 3, 'three different cells');
  assert.equal(new URL(third).pathname, new URL(session.streamUrl).pathname, 'same session path, only the cell moves');
  assert.deepEqual(await upgrade(session.streamUrl), { status: 403, type: 'AccessDeniedException' });
  assert.deepEqual(await upgrade(second), { status: 403, type: 'AccessDeniedException' });
  assert.deepEqual(await upgrade(third.replace(/cell-number=[^&]*/, '')), { status: 403, type: 'AccessDeniedException' }, 'no cell at all');
  assert.equal((await upgrade(third)).status, 101);
});

test('a present signature is verified: the right one passes, a tampered one, another service, an expired or foreign credential do not', async () => {
  const session = await startSession();
  assert.equal((await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, creds))).status, 101);
  const record = emu.sessions.get(session.sessionId)!;
  assert.equal(record.upgrades.at(-1)!.signedBy, creds.accessKeyId);

  const good = await signedHeaders(session.streamUrl, creds);
  const tampered = { ...good, authorization: good.authorization!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`) };
  assert.deepEqual(await upgrade(session.streamUrl, tampered), { status: 403, type: 'InvalidSignatureException' });
  // Signed for one URL, sent to another (the cell changed under it): the canonical query differs.
  const otherCell = session.streamUrl.replace(/cell-number=[^&]*/, 'cell-number=AAAA%2B%2F%3D');
  assert.deepEqual(await upgrade(session.streamUrl, await signedHeaders(otherCell, creds)), { status: 403, type: 'InvalidSignatureException' });
  assert.deepEqual(await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, creds, 'ssm')), { status: 403, type: 'InvalidSignatureException' });
  const other = await computeCredentials(emu, 'arena-linux-sdk5', OTHER);
  assert.deepEqual(await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, other)), { status: 403, type: 'AccessDeniedException' });
  assert.deepEqual(await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, emu.credentials)), { status: 403, type: 'AccessDeniedException' }, "the account's own key");
  emu.setFaults({ expireCredentialsNow: true });
  assert.deepEqual(await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, creds)), { status: 403, type: 'ExpiredTokenException' });
  creds = await computeCredentials(emu, 'arena-linux-sdk5', LINUX);
});

test('requireSignedUpgrade: an unsigned upgrade is refused with 403, a signed one passes', async () => {
  emu.setFaults({ requireSignedUpgrade: true });
  const session = await startSession();
  assert.deepEqual(await upgrade(session.streamUrl), { status: 403, type: 'MissingAuthenticationTokenException' });
  assert.equal((await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, creds))).status, 101);
});

test('moveStreamOnResume and requireSignedUpgrade together: the new URL, signed, passes; the old one, signed, does not', async () => {
  emu.setFaults({ moveStreamOnResume: true, requireSignedUpgrade: true });
  const session = await startSession();
  const moved = await session.resume();
  assert.equal((await upgrade(session.streamUrl, await signedHeaders(session.streamUrl, creds))).status, 403);
  assert.equal((await upgrade(moved, await signedHeaders(moved, creds))).status, 101);
});
