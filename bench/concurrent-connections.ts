// Many TCP connections through one forward at once (smux): every connection echoes its own random
// bytes; the result is the wall time and whether every connection got exactly its bytes back.
import { randomBytes } from 'node:crypto';
import { startPortForward } from '../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startBenchCompute, TARGET } from './lib/emulated-compute';
import { connect, writeAll } from './lib/tcp-peers';
import { sha256, startTcpService } from '../test/support/tcp-service';

export interface ConcurrencyResult {
  pacingMs: number;
  connections: number;
  bytesPerConnection: number;
  seconds: number;
  intact: number;
}

export async function concurrentConnections(pacingMs: number, connections: number, bytesPerConnection: number): Promise<ConcurrencyResult> {
  const echo = await startTcpService({ echo: true });
  const compute = await startBenchCompute({ pacingMs, remoteTo: echo.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const start = performance.now();
    const results = await Promise.all(Array.from({ length: connections }, async () => {
      const data = randomBytes(bytesPerConnection);
      const socket = await connect(forward.localPort);
      const chunks: Buffer[] = [];
      let bytes = 0;
      const back = new Promise<string>((resolve, reject) => {
        socket.on('data', (c: Buffer) => {
          chunks.push(c);
          bytes += c.length;
          if (bytes >= data.length) resolve(sha256(Buffer.concat(chunks)));
        });
        socket.on('close', () => reject(new Error(`closed after ${bytes} bytes`)));
      });
      await writeAll(socket, data);
      const digest = await back;
      socket.destroy();
      return digest === sha256(data);
    }));
    const seconds = (performance.now() - start) / 1000;
    await forward.close();
    return { pacingMs, connections, bytesPerConnection, seconds, intact: results.filter(Boolean).length };
  } finally {
    await compute.close();
    await echo.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await concurrentConnections(0, 200, 64 * 1024));
}
