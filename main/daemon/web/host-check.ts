// DNS-rebinding guard: a page on evil.example that re-points its name at 127.0.0.1 still sends
// `Host: evil.example`. Only the loopback names of our own port are accepted.

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}
