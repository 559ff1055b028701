// Forward throughput each way through one port forward: upload (local → instance port) and
// download (instance port → local), with the agent paced like the real one (~1 frame/ms) or not.
import { randomBytes } from 'node:crypto';
import { startPortForward } from '../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startBenchCompute, TARGET } from './lib/emulated-compute';
import { connect, sinkService, writeAll } from './lib/tcp-peers';
import { sha256, startTcpService } from '../test/support/tcp-service';

export interface ThroughputResult {
  pacingMs: number;
  megabytes: number;
  uploadMBps: number;
  downloadMBps: number;
  intact: boolean;
}

const MB = 1_000_000;

export async function forwardThroughput(pacingMs: number, megabytes: number): Promise<ThroughputResult> {
  const data = randomBytes(megabytes * MB);
  const digest = sha256(data);
  let received: { bytes: number; digest: string } = { bytes: 0, digest: '' };
  let onComplete: () => void = () => {};
  const sink = await sinkService((hash, bytes) => {
    if (bytes === data.length) {
      received = { bytes, digest: hash.digest('hex') };
      onComplete();
    }
  });
  const source = await startTcpService({ source: data });
  const uploadCompute = await startBenchCompute({ pacingMs, remoteTo: sink.port });
  const downloadCompute = await startBenchCompute({ pacingMs, remoteTo: source.port });
  try {
    // Upload: time from the first byte written until the instance-side service has all of them.
    const up = await startPortForward({ ssm: await uploadCompute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const upSocket = await connect(up.localPort);
    const done = new Promise<void>((resolve) => (onComplete = resolve));
    const upStart = performance.now();
    await writeAll(upSocket, data);
    await done;
    const uploadMs = performance.now() - upStart;
    upSocket.destroy();
    await up.close();

    // Download: time from connect until the last byte is read locally.
    const down = await startPortForward({ ssm: await downloadCompute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const downStart = performance.now();
    const downSocket = await connect(down.localPort);
    const downDigest = await new Promise<string>((resolve) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      downSocket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
        if (bytes >= data.length) resolve(sha256(Buffer.concat(chunks)));
      });
    });
    const downloadMs = performance.now() - downStart;
    downSocket.destroy();
    await down.close();
    return {
      pacingMs,
      megabytes,
      uploadMBps: megabytes / (uploadMs / 1000),
      downloadMBps: megabytes / (downloadMs / 1000),
      intact: received.digest === digest && downDigest === digest,
    };
  } finally {
    await uploadCompute.close();
    await downloadCompute.close();
    await sink.close();
    await source.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [pacing, mb] of [[1, 8], [0, 100]] as const) console.log(await forwardThroughput(pacing, mb));
}
