// The local end of a port forward: a TCP listener on loopback, bound before the session starts so
// that "port in use" is a clear error instead of a session that hangs until its idle timeout.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly host: string, readonly port: number) {
    super(`Local port ${port} on ${host} is already in use; pick another with --local-port, or omit it for a free one.`);
  }
}

export async function listenLocal(host: string, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid local port ${port}`);
  const server = createServer({ noDelay: true }, onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    });
    server.listen({ host, port, exclusive: true }, () => resolve());
  });
  return server;
}
