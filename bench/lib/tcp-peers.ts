// TCP ends for the benchmarks that test/support/tcp-service.ts does not offer: a sink that reports
// its running total (so the clock stops at the last byte, not at the peer's end), and client
// helpers that respect back-pressure.
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createHash } from 'node:crypto';

export interface Service {
  port: number;
  close(): Promise<void>;
}

async function serve(handler: (socket: Socket) => void): Promise<Service> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    handler(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Each connection's bytes are hashed; `onBytes` sees the running total. */
export function sinkService(onData: (hash: ReturnType<typeof createHash>, bytes: number) => void): Promise<Service> {
  return serve((socket) => {
    const hash = createHash('sha256');
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      onData(hash, bytes);
    });
  });
}

export function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

/** Writes `data` in 64 KiB slices, waiting for 'drain' whenever the socket says so. */
export async function writeAll(socket: Socket, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length; offset += 65536) {
    if (!socket.write(data.subarray(offset, offset + 65536))) await new Promise((resolve) => socket.once('drain', resolve));
  }
}
