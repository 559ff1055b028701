// Which StreamUrls the client connects to (docs/reference/ssm-data-channel.md §17, plugin
// 1.2.889.0): the SSM messages host of the session's partition, or the host of the SSM endpoint
// the user configured; anything else is refused before a byte (or a signature) is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DataChannel } from '../../../main/daemon/ssm/data-channel';
import { checkStreamUrl, StreamUrlRejected } from '../../../main/daemon/ssm/stream-url';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const client = (region: string, endpoint?: string) => new SSMClient({ region, credentials, ...(endpoint ? { endpoint } : {}) });
const PATH = '/v1/data-channel/user-0a1b2c3d4e5f60789?role=publish_subscribe&cell-number=AAEA%2B%2F%3D';

async function rejected(url: string, ssm: SSMClient): Promise<string> {
  const error = await checkStreamUrl(url, ssm).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof StreamUrlRejected, `${url} should be refused`);
  return error.message;
}

test('AWS hosts: ssmmessages.<region> of the session partition, wss on 443 only', async () => {
  const us = client('us-east-1');
  assert.equal((await checkStreamUrl(`wss://ssmmessages.us-east-1.amazonaws.com${PATH}`, us)).host, 'ssmmessages.us-east-1.amazonaws.com');
  await checkStreamUrl(`wss://ssmmessages.eu-west-1.amazonaws.com:443${PATH}`, us);
  await checkStreamUrl(`wss://ssmmessages-fips.us-east-1.amazonaws.com${PATH}`, us); // AWS_USE_FIPS_ENDPOINT
  assert.match(await rejected(`wss://ssmmessages-evil.us-east-1.amazonaws.com${PATH}`, us), /not an AWS Session Manager endpoint/);
  await checkStreamUrl(`wss://SSMMESSAGES.us-east-1.amazonaws.com${PATH}`, us);
  const cn = client('cn-north-1');
  await checkStreamUrl(`wss://ssmmessages.cn-north-1.amazonaws.com.cn${PATH}`, cn);

  assert.match(await rejected(`wss://ssmmessages.cn-north-1.amazonaws.com.cn${PATH}`, us), /outside the partition of the session's Region us-east-1/);
  assert.match(await rejected(`wss://ssmmessages.us-east-1.amazonaws.com${PATH}`, cn), /outside the partition/);
  assert.match(await rejected(`ws://ssmmessages.us-east-1.amazonaws.com${PATH}`, us), /not TLS on port 443/);
  assert.match(await rejected(`wss://ssmmessages.us-east-1.amazonaws.com:8443${PATH}`, us), /not TLS on port 443/);
  for (const host of ['evil.example.com', 'ssmmessages.us-east-1.amazonaws.com.evil.net', 'ssm.us-east-1.amazonaws.com', 'xssmmessages.us-east-1.amazonaws.com', 'ssmmessages.amazonaws.com']) {
    assert.match(await rejected(`wss://${host}${PATH}`, us), /is not an AWS Session Manager endpoint/, host);
  }
  assert.match(await rejected(`https://ssmmessages.us-east-1.amazonaws.com${PATH}`, us), /not a WebSocket URL/);
  assert.match(await rejected(`wss://user:pw@ssmmessages.us-east-1.amazonaws.com${PATH}`, us), /user name or password/);
  assert.match(await rejected('not a url', us), /not a URL/);
});

test('a configured SSM endpoint vouches for its host (any port); plain ws only when the endpoint is plain http', async () => {
  const local = client('us-west-2', 'http://127.0.0.1:9');
  await checkStreamUrl(`ws://127.0.0.1:40123${PATH}`, local);
  await checkStreamUrl(`wss://127.0.0.1${PATH}`, local);
  await checkStreamUrl(`wss://ssmmessages.us-west-2.amazonaws.com${PATH}`, local); // the partition host stays good
  assert.match(await rejected(`ws://127.0.0.2:40123${PATH}`, local), /not an AWS Session Manager endpoint .* nor the host of the configured SSM endpoint/);
  assert.match(await rejected(`ws://localhost:40123${PATH}`, local), /not an AWS Session Manager endpoint/);

  const vpce = client('us-west-2', 'https://vpce-0abc.ssm.us-west-2.vpce.amazonaws.com');
  await checkStreamUrl(`wss://vpce-0abc.ssm.us-west-2.vpce.amazonaws.com${PATH}`, vpce);
  assert.match(await rejected(`ws://vpce-0abc.ssm.us-west-2.vpce.amazonaws.com${PATH}`, vpce), /not an AWS Session Manager endpoint/);
  // No endpoint configured: loopback is just another foreign host.
  assert.match(await rejected(`ws://127.0.0.1:40123${PATH}`, client('us-west-2')), /not an AWS Session Manager endpoint/);
});

test('a refusal names the scheme and host only, never a presigned query', async () => {
  const message = await rejected('wss://evil.example.com/v1/data-channel/s?X-Amz-Security-Token=SECRET-TOKEN&X-Amz-Signature=SECRET-SIG', client('us-east-1'));
  assert.match(message, /wss:\/\/evil\.example\.com /);
  assert.doesNotMatch(message, /SECRET|data-channel/);
});

test("StartSession's StreamUrl on a foreign host: open() fails at once, without connecting or retrying", async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  let connections = 0;
  wss.on('connection', () => connections++);
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-1?role=publish_subscribe`;
  // The configured endpoint is another host: nothing vouches for 127.0.0.1.
  const channel = new DataChannel({ sessionId: 's-1', streamUrl: url, tokenValue: 't', ssm: client('us-west-2', 'http://127.0.0.2:9'), target: 'i-1' });
  try {
    const started = Date.now();
    await assert.rejects(channel.open(), /the StreamUrl ws:\/\/127\.0\.0\.1:\d+ is not an AWS Session Manager endpoint/);
    assert.ok(Date.now() - started < 1000, 'not retried');
    assert.equal(connections, 0);
  } finally {
    channel.close();
    wss.close();
  }
});

test('a ResumeSession StreamUrl on a foreign host ends the session with a clear reason; nothing is retried or sent there', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  // The service accepts the first socket, then drops it (as the hourly recycle does).
  wss.on('connection', (socket) => socket.once('message', () => setTimeout(() => socket.terminate(), 50)));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-2?role=publish_subscribe`;
  const ssm = client('us-west-2', 'http://127.0.0.1:9');
  let resumes = 0;
  ssm.send = (async () => {
    resumes++;
    return { SessionId: 's-2', TokenValue: 'resumed', StreamUrl: 'wss://attacker.example.net/v1/data-channel/s-2?X-Amz-Security-Token=SECRET' };
  }) as SSMClient['send'];
  const channel = new DataChannel({ sessionId: 's-2', streamUrl: url, tokenValue: 't', ssm, target: 'i-1' });
  try {
    const closed = new Promise<{ by: string; reason: string }>((resolve) => channel.once('closed', resolve));
    await channel.open();
    const info = await closed;
    assert.equal(info.by, 'error');
    assert.match(info.reason, /could not resume the session: the StreamUrl wss:\/\/attacker\.example\.net is not an AWS Session Manager endpoint/);
    assert.doesNotMatch(info.reason, /SECRET/);
    assert.equal(resumes, 1, 'a foreign URL is not retried');
  } finally {
    channel.close();
    wss.close();
  }
});
