// A local reader that stalls: the instance-side service sends `mebibytes` through one forward from
// an unpaced agent whose unacked-frame buffer is small (`outgoingBufferCapacity`), so frames the
// client refused would be lost for good. The reader connects, reads nothing for `stallMs`, then
// reads everything. The forward must stop reading the WebSocket while its local socket is full
// (main/daemon/util/read-flow.ts) and lose nothing. Reports whether every byte arrived intact, the
// times, the forward's receive state (peak pending bytes, pauses) and the benchmark process's peak
// RSS; past `deadlineMs` from connect it reports how far it got instead of hanging.
import { createHash } from 'node:crypto';
import { createConnection } from 'node:net';
import { startPortForward } from '../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startBenchCompute, TARGET } from './lib/emulated-compute';
import { MiB, sampleRss } from './lib/process-meter';
import { randomPayload, sha256, startTcpService } from '../test/support/tcp-service';

export interface StalledReaderResult {
  mebibytes: number;
  stallSeconds: number;
  outgoingBufferCapacity: number;
  /** Bytes the reader got; equal to mebibytes × MiB when complete. */
  bytes: number;
  complete: boolean;
  intact: boolean;
  /** From connect to the last byte (or to the deadline). */
  seconds: number;
  /** From the reader's resume to the last byte (or to the deadline). */
  afterResumeSeconds: number;
  pendingPeakBytes: number;
  reorderPeakBytes: number;
  pauses: number;
  rssStartBytes: number;
  rssPeakBytes: number;
}

export async function stalledReader(mebibytes = 96, stallMs = 25_000, outgoingBufferCapacity = 3000, deadlineMs = 180_000): Promise<StalledReaderResult> {
  const source = randomPayload(mebibytes * MiB);
  const digest = sha256(source);
  const service = await startTcpService({ source });
  const compute = await startBenchCompute({ pacingMs: 0, remoteTo: service.port, outgoingBufferCapacity });
  const rss = sampleRss();
  let sampler: NodeJS.Timeout | undefined;
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    let pendingPeak = 0;
    let reorderPeak = 0;
    sampler = setInterval(() => {
      const state = forward.receiveState;
      pendingPeak = Math.max(pendingPeak, state.pendingBytes);
      reorderPeak = Math.max(reorderPeak, state.reorderBytes);
    }, 5);

    const start = performance.now();
    const socket = createConnection({ host: '127.0.0.1', port: forward.localPort });
    socket.pause(); // the reader takes nothing for stallMs
    const hash = createHash('sha256');
    let bytes = 0;
    let resumedAt = start;
    const complete = await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => resolve(false), deadlineMs);
      socket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (bytes >= source.length) {
          clearTimeout(deadline);
          resolve(true);
        }
      });
      socket.on('error', () => {});
      setTimeout(() => {
        resumedAt = performance.now();
        socket.resume();
      }, stallMs);
    });
    const end = performance.now();
    socket.destroy();
    const state = forward.receiveState;
    await forward.close();
    return {
      mebibytes,
      stallSeconds: stallMs / 1000,
      outgoingBufferCapacity,
      bytes,
      complete,
      intact: complete && bytes === source.length && hash.digest('hex') === digest,
      seconds: (end - start) / 1000,
      afterResumeSeconds: (end - resumedAt) / 1000,
      pendingPeakBytes: pendingPeak,
      reorderPeakBytes: reorderPeak,
      pauses: state.pauses,
      rssStartBytes: rss.startBytes,
      rssPeakBytes: rss.stop(),
    };
  } finally {
    clearInterval(sampler);
    rss.stop();
    await compute.close();
    await service.close();
  }
}

// Alone (run.ts runs it so, for a clean RSS): args MiB stallMs capacity deadlineMs, one JSON line out.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [mebibytes = 96, stallMs = 25_000, capacity = 3000, deadlineMs = 180_000] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await stalledReader(mebibytes, stallMs, capacity, deadlineMs)));
}
