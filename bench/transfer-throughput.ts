// File transfers over Session Manager (issue #12): downloadFile and uploadFile of an SDK 5 Linux
// compute through the daemon, the product's SSM client and the emulated agent paced like AWS's
// (~1 frame per ms), against a raw port forward of the same bytes through the same agent. Two
// kinds of content: random bytes (incompressible: what base64 costs, gzip cannot help) and
// log-like text (what operators mostly fetch: gzip wins back more than base64 costs). The emulator
// runs in a child process; the "compute" is this machine, so the remote files are local ones.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon } from '../main/daemon/daemon';
import { memoryKeychain } from '../main/daemon/web/memory-keychain';
import { forwardThroughput } from './forward-throughput';
import { FLEET, startBenchEmulator, TARGET } from './lib/emulated-compute';

export interface TransferResult {
  content: 'random' | 'log text';
  megabytes: number;
  /** End to end: from the call to the file in place, session setup included. */
  downloadMBps: number;
  uploadMBps: number;
  /** The same with the fixed cost of a copy (a 1-byte copy's time: access, session, script) taken out. */
  downloadSteadyMBps: number;
  uploadSteadyMBps: number;
  /** What a 1-byte download and upload take: the fixed cost of a copy. */
  setupSeconds: { download: number; upload: number };
  /** The raw forward's rate through the same agent pacing, same bytes (random content only). */
  forwardDownloadMBps?: number;
  forwardUploadMBps?: number;
  intact: boolean;
}

const MB = 1_000_000;

/** Log-like lines: timestamps, levels, IDs — as compressible as a game server's log. */
function logText(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2026-12-02T11:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z INFO [GameSession] player ${randomBytes(4).toString('hex')} joined gsess-${i % 97} latency=${i % 211}ms tick=${i}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function transferThroughput(pacingMs: number, megabytes: number, content: TransferResult['content']): Promise<TransferResult> {
  const data = content === 'random' ? randomBytes(megabytes * MB) : logText(megabytes * MB);
  const emulator = await startBenchEmulator({ pacingMs });
  const dir = await mkdtemp(join(tmpdir(), 'glc-bench-transfer-'));
  const { endpoints } = emulator;
  const daemon = await Daemon.start({
    dataDir: join(dir, 'data'),
    keychain: memoryKeychain(),
    sandbox: { region: endpoints.region, endpoints: { gamelift: endpoints.gameliftEndpoint, ssm: endpoints.ssmEndpoint }, credentials: endpoints.credentials },
    settings: { clientAddress: '127.0.0.1' },
    watchEvents: false,
  });
  try {
    const target = { fleetId: FLEET, computeName: TARGET };
    const timed = async <T>(call: () => Promise<T>): Promise<[T, number]> => {
      const start = performance.now();
      const result = await call();
      return [result, performance.now() - start];
    };
    await writeFile(join(dir, 'tiny.bin'), 'x');
    const [, tinyDownMs] = await timed(() => daemon.api.downloadFile({ ...target, remotePath: join(dir, 'tiny.bin'), localPath: join(dir, 'tiny-local.bin') }));
    const [, tinyUpMs] = await timed(() => daemon.api.uploadFile({ ...target, localPath: join(dir, 'tiny-local.bin'), remotePath: join(dir, 'tiny-up.bin') }));
    await writeFile(join(dir, 'remote.bin'), data);
    const [down, downloadMs] = await timed(() => daemon.api.downloadFile({ ...target, remotePath: join(dir, 'remote.bin'), localPath: join(dir, 'local.bin') }));
    const [up, uploadMs] = await timed(() => daemon.api.uploadFile({ ...target, localPath: join(dir, 'local.bin'), remotePath: join(dir, 'uploaded.bin') }));
    const digest = sha256(data);
    const intact = down.sha256 === digest && up.sha256 === digest && sha256(await readFile(join(dir, 'uploaded.bin'))) === digest;
    const rate = (ms: number) => megabytes / (ms / 1000);
    return {
      content,
      megabytes,
      downloadMBps: rate(downloadMs),
      uploadMBps: rate(uploadMs),
      downloadSteadyMBps: rate(downloadMs - tinyDownMs),
      uploadSteadyMBps: rate(uploadMs - tinyUpMs),
      setupSeconds: { download: tinyDownMs / 1000, upload: tinyUpMs / 1000 },
      intact,
    };
  } finally {
    await daemon.stop();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both contents, and the raw forward of the same size for comparison. */
export async function transferAgainstForward(pacingMs: number, megabytes: number): Promise<TransferResult[]> {
  const random = await transferThroughput(pacingMs, megabytes, 'random');
  const forward = await forwardThroughput(pacingMs, megabytes);
  const text = await transferThroughput(pacingMs, megabytes, 'log text');
  return [{ ...random, forwardDownloadMBps: forward.downloadMBps, forwardUploadMBps: forward.uploadMBps }, text];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await transferAgainstForward(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 8)));
}
