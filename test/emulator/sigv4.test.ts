// SigV4 as the emulator's endpoints enforce it, seen by the real SDK client and by raw requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, SourceData } from '@smithy/types';
import { ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, gameLift, RecordingAgent } from './emulator-fixture';
import { canonicalRequest, parseAuthorization, verifySignature } from '../../emulator/auth/sigv4';

let emu: Emulator<RecordingAgent>;

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent() });
});
after(() => emu.close());

const bytes = (data: SourceData): Buffer | string =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** The hash constructor SignatureV4 expects: a plain SHA-256, or an HMAC when given a key. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** Signs and sends a JSON 1.1 call by hand, so a test controls every part of the request. */
async function rawCall(opts: { endpoint: string; target: string; body?: string; service?: string; region?: string; secret?: string; sign?: boolean }) {
  const url = new URL(opts.endpoint);
  const body = opts.body ?? '{}';
  let request: HttpRequest = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': opts.target },
    body,
  };
  if (opts.sign !== false) {
    const signer = new SignatureV4({
      service: opts.service ?? 'gamelift',
      region: opts.region ?? 'us-west-2',
      credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: opts.secret ?? emu.credentials.secretAccessKey },
      sha256: Sha256,
    });
    request = await signer.sign(request);
  }
  const res = await fetch(opts.endpoint, { method: 'POST', headers: request.headers, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('signature checks through the SDK', () => {
  test('a wrong secret is InvalidSignatureException (400)', async () => {
    const client = gameLift(emu, { credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00' } });
    const error = await failure(client.send(new ListFleetsCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.match(error.message, /^The request signature we calculated does not match the signature you provided/);
  });

  test('an unknown access key is UnrecognizedClientException (400)', async () => {
    const client = gameLift(emu, { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: emu.credentials.secretAccessKey } });
    const error = await failure(client.send(new ListFleetsCommand({})));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  test('a request signed more than 5 minutes ago is refused, and the SDK corrects its clock from the Date header', async () => {
    const stale = gameLift(emu, { systemClockOffset: -10 * 60 * 1000 });
    const error = await failure(stale.send(new ListFleetsCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const retrying = gameLift(emu, { systemClockOffset: -10 * 60 * 1000, maxAttempts: 2 });
    const out = await retrying.send(new ListFleetsCommand({}));
    assert.equal(out.$metadata.attempts, 2);
  });

  test('a request dated in the future is refused too', async () => {
    const error = await failure(gameLift(emu, { systemClockOffset: 10 * 60 * 1000 }).send(new ListFleetsCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /^Signature not yet current/);
  });

  test('a credential scoped to another Region is refused', async () => {
    const error = await failure(gameLift(emu, { region: 'eu-central-1' }).send(new ListFleetsCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.message, 'Credential should be scoped to a valid region. ');
  });
});

describe('the wire, raw', () => {
  test('every response carries x-amzn-RequestId; timestamps are epoch seconds', async () => {
    const ok = await rawCall({ endpoint: emu.gameliftEndpoint, target: 'GameLift.DescribeFleetAttributes', body: '{"Limit":1}' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.match(ok.headers.get('x-amzn-requestid')!, /^[0-9a-f-]{36}$/);
    assert.equal(ok.headers.get('content-type'), 'application/x-amz-json-1.1');
    const attributes = (ok.json.FleetAttributes as { CreationTime: unknown }[])[0]!;
    assert.equal(attributes.CreationTime, Date.parse('2026-11-02T17:04:12.431Z') / 1000);
    const bad = await rawCall({ endpoint: emu.gameliftEndpoint, target: 'GameLift.ListFleets', secret: 'nope' });
    assert.equal(bad.status, 400);
    assert.ok(bad.headers.get('x-amzn-requestid'));
    assert.equal(bad.json.__type, 'InvalidSignatureException');
  });

  test('a credential scoped to another service is refused with the service named', async () => {
    const res = await rawCall({ endpoint: emu.gameliftEndpoint, target: 'GameLift.ListFleets', service: 'ssm' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'gamelift'. " });
  });

  test('an unsigned request is MissingAuthenticationTokenException', async () => {
    const res = await rawCall({ endpoint: emu.gameliftEndpoint, target: 'GameLift.ListFleets', sign: false });
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'MissingAuthenticationTokenException');
  });

  test('an operation the service does not have is UnknownOperationException; so is another service’s target', async () => {
    for (const target of ['GameLift.CreateFleet', 'AmazonSSM.StartSession']) {
      const res = await rawCall({ endpoint: emu.gameliftEndpoint, target });
      assert.equal(res.json.__type, 'UnknownOperationException', target);
    }
  });

  test('a body that is not JSON is SerializationException', async () => {
    const res = await rawCall({ endpoint: emu.gameliftEndpoint, target: 'GameLift.ListFleets', body: '{"Limit":' });
    assert.equal(res.json.__type, 'SerializationException');
  });
});

describe('verifySignature against @smithy/signature-v4', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const sign = async (path: string, query: Record<string, string>, body: string) => {
    const signer = new SignatureV4({ service: 'ssm', region: 'eu-west-1', credentials, sha256: Sha256 });
    const request: HttpRequest = { method: 'POST', protocol: 'https:', hostname: 'example.amazonaws.com', path, query, headers: { host: 'example.amazonaws.com', 'x-amz-target': 'AmazonSSM.X', 'content-type': 'application/x-amz-json-1.1' }, body };
    const signed = await signer.sign(request);
    const qs = new URLSearchParams(query).toString();
    return { method: 'POST', url: qs ? `${path}?${qs}` : path, headers: signed.headers, body: Buffer.from(body) };
  };

  test('accepts what the SDK signer signs, with paths and query strings', async () => {
    const req = await sign('/a%20path/x', { b: '2', a: 'x y', 'c~': '*' }, '{"k":"v"}');
    verifySignature(req, parseAuthorization(req), credentials.secretAccessKey);
    assert.match(canonicalRequest(req, ['host']), /^POST\n\/a%2520path\/x\na=x%20y&b=2&c~=%2A\n/);
  });

  test('rejects a changed body or header', async () => {
    const req = await sign('/', {}, '{"k":"v"}');
    assert.throws(() => verifySignature({ ...req, body: Buffer.from('{"k":"w"}') }, parseAuthorization(req), credentials.secretAccessKey), { code: 'InvalidSignatureException' });
    const tampered = { ...req, headers: { ...req.headers, 'x-amz-target': 'AmazonSSM.Y' } };
    assert.throws(() => verifySignature(tampered, parseAuthorization(tampered), credentials.secretAccessKey), { code: 'InvalidSignatureException' });
  });
});
