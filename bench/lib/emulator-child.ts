// The emulator in its own process for benchmarks, so the agent side does not share the client's
// event loop (and CPU core). argv[2]: JSON { pacingMs, outgoingBufferCapacity, ports }. Prints one JSON line with the
// endpoints and account credentials, then serves until stdin closes.
import { startEmulator } from '../../emulator/index';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  pacingMs?: number;
  outgoingBufferCapacity?: number;
  ports?: Record<string, Record<number, { host: string; port: number }>>;
};
const emulator = await startEmulator({
  agent: {
    pacingMs: options.pacingMs ?? 1,
    ...(options.outgoingBufferCapacity !== undefined ? { outgoingBufferCapacity: options.outgoingBufferCapacity } : {}),
  },
  sessionManager: { kmsEncryption: false }, // the benchmarks measure plain sessions
  faults: { accessRateLimit: { burst: 100, perSecond: 100 } },
  ...(options.ports ? { ports: options.ports } : {}),
});
process.stdout.write(`${JSON.stringify({
  region: emulator.region,
  gameliftEndpoint: emulator.gameliftEndpoint,
  ssmEndpoint: emulator.ssmEndpoint,
  credentials: emulator.credentials,
})}\n`);
process.stdin.resume();
process.stdin.on('end', () => void emulator.close().then(() => process.exit(0)));
