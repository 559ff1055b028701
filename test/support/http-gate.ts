/**
 * An HTTP pass-through in front of a local service (the emulator's GameLift endpoint, say) that can
 * hold the next request matching a predicate until the test releases it: to end a session while
 * its access call is under way, deterministically. Everything else is forwarded unchanged (the
 * Host header too, so SigV4 signatures still verify).
 *
 *   const gate = await startHttpGate(emulator.gameliftEndpoint);   // gate.url: use it as the endpoint
 *   const held = gate.holdNext((req) => req.headers['x-amz-target'] === 'GameLift.GetInstanceAccess');
 *   …; await held.entered; …; held.release(); await gate.close();
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  /** Resolves once a matching request arrived (it has not been forwarded yet). */
  entered: Promise<void>;
  release(): void;
}

export async function startHttpGate(target: string) {
  const upstream = new URL(target);
  let next: { matches: (req: IncomingMessage) => boolean; enter: () => void; opened: Promise<void> } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const gate = next?.matches(req) ? next : undefined;
        if (gate) {
          next = undefined;
          gate.enter();
          await gate.opened;
        }
        const out = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext(matches: (req: IncomingMessage) => boolean): HeldRequest {
      let enter!: () => void;
      let release!: () => void;
      const entered = new Promise<void>((r) => (enter = r));
      const opened = new Promise<void>((r) => (release = r));
      next = { matches, enter, opened };
      return { entered, release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
