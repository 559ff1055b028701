// Volume through one forward against the unpaced emulator: 100 MB each way with matching SHA-256,
// and 200 concurrent connections each getting exactly its own bytes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startCompute, TARGET } from './support/emulated-compute';
import { download, sha256, startTcpService } from '../../support/tcp-service';
import { waitFor } from '../../support/wait';

const MB = 1_000_000;

test('100 MB up and 100 MB down through one forward, SHA-256 intact', { timeout: 240_000 }, async () => {
  const data = randomBytes(100 * MB);
  const digest = sha256(data);
  let uploaded: { digest: string; bytes: number } | null = null;
  const sink = await startTcpService({ sink: (d, bytes) => (uploaded = { digest: d, bytes }) });
  const source = await startTcpService({ source: data });
  const up = await startCompute({ remoteTo: sink.port });
  const down = await startCompute({ remoteTo: source.port });
  try {
    const upload = await startPortForward({ ssm: await up.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    await new Promise<void>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: upload.localPort }, () => socket.end(data));
      socket.on('error', reject);
      socket.on('close', () => resolve());
    });
    // The local EOF closes the connection at once; the instance side still receives every byte.
    await waitFor('the upload to finish', () => uploaded !== null, 60_000);
    assert.equal(uploaded!.bytes, data.length);
    assert.equal(uploaded!.digest, digest);
    assert.ok(upload.bytesOut >= data.length);
    await upload.close();

    const downward = await startPortForward({ ssm: await down.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const got = await download(downward.localPort, 180_000);
    assert.equal(got.bytes, data.length);
    assert.equal(got.digest, digest);
    await downward.close();
  } finally {
    await up.close();
    await down.close();
    await sink.close();
    await source.close();
  }
});

test('200 concurrent connections through one forward, each gets exactly its bytes back', { timeout: 120_000 }, async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    // All 200 are open at once before any byte moves, then all transfer together.
    const sockets = await Promise.all(Array.from({ length: 200 }, () => new Promise<Socket>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: forward.localPort }, () => resolve(socket));
      socket.on('error', reject);
    })));
    await waitFor('200 open connections', () => forward.connections === 200, 20_000);
    const results = await Promise.all(sockets.map((socket, i) => {
      const payload = randomBytes(32 * 1024 + i);
      const hash = createHash('sha256');
      let bytes = 0;
      return new Promise<boolean>((resolve, reject) => {
        socket.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
          if (bytes === payload.length) resolve(hash.digest('hex') === sha256(payload));
        });
        socket.on('close', () => reject(new Error(`connection ${i} closed after ${bytes} bytes`)));
        socket.write(payload);
      });
    }));
    assert.equal(results.filter(Boolean).length, 200);
    for (const socket of sockets) socket.destroy();
    assert.equal(forward.connectionsTotal, 200);
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});
