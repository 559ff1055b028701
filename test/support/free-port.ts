/**
 * freePort(): a TCP port that was free on 127.0.0.1 a moment ago, for servers that must be
 * told their port up front (sshd and the RDP server, through startOnFreePort in
 * service-process.ts) and for tests that need a port nothing listens on. Servers that can bind
 * port 0 themselves should do that instead: between this call and the bind another process may
 * take the port.
 *
 *   const port = await freePort();
 */
import { createServer } from 'node:net';

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error(`freePort: unexpected address ${String(address)}`);
  }
  return address.port;
}
