// Many TCP connections through one forward at once (smux): every connection echoes its own random
// bytes; the result is the wall time, how many connections got exactly their bytes back, and the
// benchmark process's peak RSS meanwhile. A connection that closes early or is still short at the
// deadline counts as not intact (the run then reports how many bytes came back instead of hanging).
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { startPortForward } from '../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startBenchCompute, TARGET } from './lib/emulated-compute';
import { sampleRss } from './lib/process-meter';
import { connect, writeAll } from './lib/tcp-peers';
import { sha256, startTcpService } from '../test/support/tcp-service';

export interface ConcurrencyResult {
  pacingMs: number;
  connections: number;
  bytesPerConnection: number;
  seconds: number;
  intact: number;
  /** Bytes echoed back over all connections (all of them when every connection completed). */
  bytesBack: number;
  /** False when the deadline passed with connections still short. */
  complete: boolean;
  rssStartBytes: number;
  rssPeakBytes: number;
}

export async function concurrentConnections(pacingMs: number, connections: number, bytesPerConnection: number, deadlineMs = 300_000): Promise<ConcurrencyResult> {
  const echo = await startTcpService({ echo: true });
  const compute = await startBenchCompute({ pacingMs, remoteTo: echo.port });
  const payloads = Array.from({ length: connections }, () => randomBytes(bytesPerConnection));
  const sockets = new Set<Socket>();
  let bytesBack = 0;
  let deadline: NodeJS.Timeout | undefined;
  let timedOut = false;
  const rss = sampleRss();
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const start = performance.now();
    const expired = new Promise<void>((resolve) => (deadline = setTimeout(() => { timedOut = true; resolve(); }, deadlineMs)));
    const results = await Promise.all(payloads.map(async (data) => {
      const socket = await connect(forward.localPort);
      sockets.add(socket);
      const expected = sha256(data);
      const hash = createHash('sha256'); // hashed as it comes, so the peers hold little memory
      let bytes = 0;
      const back = new Promise<boolean>((resolve) => {
        socket.on('data', (c: Buffer) => {
          if (bytes >= data.length) return; // already judged
          hash.update(c);
          bytes += c.length;
          bytesBack += c.length;
          if (bytes >= data.length) resolve(bytes === data.length && hash.digest('hex') === expected);
        });
        socket.on('close', () => resolve(false));
        socket.on('error', () => resolve(false));
      });
      void writeAll(socket, data).catch(() => {});
      const intact = await Promise.race([back, expired.then(() => false)]);
      socket.destroy();
      return intact;
    }));
    const seconds = (performance.now() - start) / 1000;
    await forward.close();
    return {
      pacingMs, connections, bytesPerConnection, seconds,
      intact: results.filter(Boolean).length,
      bytesBack, complete: !timedOut, rssStartBytes: rss.startBytes, rssPeakBytes: rss.stop(),
    };
  } finally {
    clearTimeout(deadline);
    rss.stop();
    for (const socket of sockets) socket.destroy();
    await compute.close();
    await echo.close();
  }
}

// Alone (run.ts runs it so, for a clean RSS): args pacingMs connections KiB, one JSON line out.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [pacing = '0', count = '200', kib = '64'] = process.argv.slice(2);
  console.log(JSON.stringify(await concurrentConnections(Number(pacing), Number(count), Number(kib) * 1024)));
}
