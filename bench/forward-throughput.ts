// Forward throughput each way through one port forward: upload (local → instance port) and
// download (instance port → local), with the agent paced like the real one (~1 frame/ms) or not.
// Also the benchmark process's CPU time per MiB each way: the client plus the local TCP peers (the
// emulator runs in a child process). Each peer hashes what it receives (SHA-256, one pass), and
// `sha256MsPerMiB` says what that pass costs here, so it can be told apart from the client's share.
import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { startPortForward } from '../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startBenchCompute, TARGET } from './lib/emulated-compute';
import { connect, sinkService, writeAll } from './lib/tcp-peers';
import { cpuClock, MiB } from './lib/process-meter';
import { sha256, startTcpService } from '../test/support/tcp-service';

export interface ThroughputResult {
  pacingMs: number;
  megabytes: number;
  uploadMBps: number;
  downloadMBps: number;
  /** CPU time of this process (client + local peers) per MiB carried. */
  uploadCpuMsPerMiB: number;
  downloadCpuMsPerMiB: number;
  /** Of which one SHA-256 pass by the receiving peer, per MiB. */
  sha256MsPerMiB: number;
  intact: boolean;
}

const MB = 1_000_000;

export async function forwardThroughput(pacingMs: number, megabytes: number): Promise<ThroughputResult> {
  const data = randomBytes(megabytes * MB);
  const mebibytes = data.length / MiB;
  const hashCpu = cpuClock();
  const digest = sha256(data);
  const sha256MsPerMiB = hashCpu() / mebibytes;
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
    const upCpu = cpuClock();
    await writeAll(upSocket, data);
    await done;
    const uploadMs = performance.now() - upStart;
    const uploadCpuMs = upCpu();
    upSocket.destroy();
    await up.close();

    // Download: time from connect until the last byte is read locally.
    const down = await startPortForward({ ssm: await downloadCompute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const downStart = performance.now();
    const downCpu = cpuClock();
    const downSocket = await connect(down.localPort);
    const downDigest = await new Promise<string>((resolve) => {
      let bytes = 0;
      const hash = createHash('sha256');
      downSocket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (bytes >= data.length) resolve(hash.digest('hex'));
      });
    });
    const downloadMs = performance.now() - downStart;
    const downloadCpuMs = downCpu();
    downSocket.destroy();
    await down.close();
    return {
      pacingMs,
      megabytes,
      uploadMBps: megabytes / (uploadMs / 1000),
      downloadMBps: megabytes / (downloadMs / 1000),
      uploadCpuMsPerMiB: uploadCpuMs / mebibytes,
      downloadCpuMsPerMiB: downloadCpuMs / mebibytes,
      sha256MsPerMiB,
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
