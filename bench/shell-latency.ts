// Keystroke round trip: one byte typed into a remote shell until its pty echo comes back, through
// the emulator's agent; and the same one-byte round trip over a direct loopback TCP echo for scale.
import { startShellSession } from '../main/daemon/ssm/shell-session';
import { startBenchCompute, TARGET } from './lib/emulated-compute';
import { connect } from './lib/tcp-peers';
import { startTcpService } from '../test/support/tcp-service';

export interface LatencyResult {
  pacingMs: number;
  samples: number;
  ssmMedianMs: number;
  ssmP95Ms: number;
  tcpMedianMs: number;
}

export async function shellLatency(pacingMs: number, samples: number): Promise<LatencyResult> {
  const compute = await startBenchCompute({ pacingMs });
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET, size: { cols: 200, rows: 50 } });
    let seen = '';
    let waiter: { echo: string; resolve: () => void } | null = null;
    session.on('data', (d) => {
      seen += d.toString('latin1');
      if (waiter && seen.includes(waiter.echo)) {
        const w = waiter;
        waiter = null;
        w.resolve();
      }
    });
    const roundTrip = async (byte: string, echo = byte) => {
      seen = '';
      const echoed = new Promise<void>((resolve) => (waiter = { echo, resolve }));
      const start = performance.now();
      session.write(byte);
      await echoed;
      return performance.now() - start;
    };
    await roundTrip('\n'); // the first prompt: the shell is up
    const ssm: number[] = [];
    // Type a letter, then erase it (DEL echoes as "\b \b"): both are one keystroke round trip.
    for (let i = 0; i < samples; i++) ssm.push(i % 2 === 0 ? await roundTrip(String.fromCharCode(97 + (i % 26))) : await roundTrip('\x7f', '\b'));
    const exit = new Promise((resolve) => session.once('exit', resolve));
    session.write('\u0015exit\n');
    await exit;
    return { pacingMs, samples, ssmMedianMs: percentile(ssm, 0.5), ssmP95Ms: percentile(ssm, 0.95), tcpMedianMs: await tcpRoundTrip(samples) };
  } finally {
    await compute.close();
  }
}

async function tcpRoundTrip(samples: number): Promise<number> {
  const echo = await startTcpService({ echo: true });
  const socket = await connect(echo.port);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const back = new Promise((resolve) => socket.once('data', resolve));
    socket.write('x');
    await back;
    times.push(performance.now() - start);
  }
  socket.destroy();
  await echo.close();
  return percentile(times, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await shellLatency(Number(process.env.PACING ?? 1), Number(process.env.SAMPLES ?? 200)));
}
