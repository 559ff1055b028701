// Real TCP peers for forward and emulator tests: a service on 127.0.0.1 that echoes, sends a payload, or
// hashes what it receives; and clients that send bytes or read until close, hashing what comes back.
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

export interface TcpService {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** Echoes every connection; or, with `source`, sends `source` bytes and closes (a download); or, with
 * `sink`, hashes what each connection sends and reports it when the peer ends (an upload). */
export async function startTcpService(mode: { echo: true } | { source: Buffer } | { sink: (digest: string, bytes: number) => void }): Promise<TcpService> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    result.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if ('echo' in mode) socket.pipe(socket);
    else if ('source' in mode) socket.end(mode.source);
    else {
      const hash = createHash('sha256');
      let bytes = 0;
      socket.on('data', (c: Buffer) => { hash.update(c); bytes += c.length; });
      socket.on('end', () => { mode.sink(hash.digest('hex'), bytes); socket.end(); });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result: TcpService = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return result;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function randomPayload(bytes: number): Buffer {
  return randomBytes(bytes);
}

/** Connects, writes `data`, and resolves with the SHA-256 and size of the first `data.length` (or more) bytes received. */
export function echoRoundTrip(port: number, data: Buffer, timeoutMs = 60_000): Promise<{ digest: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const hash = createHash('sha256');
    let bytes = 0;
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`echo timed out after ${bytes} of ${data.length} bytes`)); }, timeoutMs);
    socket.on('data', (c: Buffer) => {
      hash.update(c);
      bytes += c.length;
      if (bytes >= data.length) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ digest: hash.digest('hex'), bytes });
      }
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { if (bytes < data.length) { clearTimeout(timer); reject(new Error(`connection closed after ${bytes} of ${data.length} bytes`)); } });
    socket.write(data);
  });
}

/** Connects and reads until the peer closes. */
export function download(port: number, timeoutMs = 60_000): Promise<{ digest: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const hash = createHash('sha256');
    let bytes = 0;
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`download timed out after ${bytes} bytes`)); }, timeoutMs);
    socket.on('data', (c: Buffer) => { hash.update(c); bytes += c.length; });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve({ digest: hash.digest('hex'), bytes }); });
  });
}
