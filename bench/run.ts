// `npm run bench`: every benchmark once, numbers printed (nothing asserted). Takes 5–6 minutes on a
// 2-core machine under load (3.6–5.2 min measured), most of it the two paced-agent echo loads
// (50 × 1 MiB and 200 × 256 KiB: ~70–105 s each, the agent's own rate) and the stalled reader (~30 s).
// Each run starts the emulator in a child process so the agent has its own event loop; the
// benchmarks that report peak RSS run alone in a fresh process each (lib/run-alone.ts), and so does
// the window's compute filter (filter-latency.ts: real Chromium, ~30 s).
import { forwardThroughput } from './forward-throughput';
import { transferAgainstForward } from './transfer-throughput';
import { shellLatency } from './shell-latency';
import type { ConcurrencyResult } from './concurrent-connections';
import type { StalledReaderResult } from './stalled-reader';
import { runAlone } from './lib/run-alone';
import type { FilterLatencyResult } from './filter-latency';

const fmt = (n: number, digits = 1) => n.toFixed(digits);
/** The plugin's ceiling per session and direction: ~1 KiB per ~1.4 ms (reference §5.5, observed). */
const PLUGIN_MBPS = 0.7;
const vsPlugin = (mbps: number) => `${fmt(mbps)} MB/s (${fmt(mbps / PLUGIN_MBPS, 0)}× the plugin)`;
const started = performance.now();
const report = (line: string) => console.log(line);
const mb = (bytes: number) => `${fmt(bytes / 1_000_000, 0)} MB`;
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MiB`;
const rss = (r: { rssStartBytes: number; rssPeakBytes: number }) => `peak RSS ${mb(r.rssPeakBytes)} (${mb(r.rssStartBytes)} at start)`;
const echoed = (r: ConcurrencyResult) => r.complete
  ? `${fmt(r.seconds, 2)} s, ${r.intact}/${r.connections} intact`
  : `INCOMPLETE after ${fmt(r.seconds, 0)} s: ${r.bytesBack} of ${r.connections * r.bytesPerConnection} bytes back, ${r.intact}/${r.connections} intact`;

report('| benchmark | agent pacing | result |');
report('|---|---|---|');
for (const [pacingMs, megabytes] of [[1, 8], [0, 100]] as const) {
  const r = await forwardThroughput(pacingMs, megabytes);
  report(`| forward throughput, ${megabytes} MB each way | ${pacingMs} ms | upload ${vsPlugin(r.uploadMBps)}, download ${vsPlugin(r.downloadMBps)}, ${r.intact ? 'SHA-256 match' : 'CORRUPTED'} |`);
  if (pacingMs === 0) {
    report(`| CPU of the benchmark process per MiB (client + local peers), same run | ${pacingMs} ms | upload ${fmt(r.uploadCpuMsPerMiB)} ms/MiB, download ${fmt(r.downloadCpuMsPerMiB)} ms/MiB (each includes the receiving peer's SHA-256: ${fmt(r.sha256MsPerMiB)} ms/MiB) |`);
  }
}
{
  const megabytes = 8;
  for (const r of await transferAgainstForward(1, megabytes)) {
    const against = r.forwardDownloadMBps !== undefined && r.forwardUploadMBps !== undefined
      ? `; a raw forward of the same bytes: download ${fmt(r.forwardDownloadMBps, 2)}, upload ${fmt(r.forwardUploadMBps, 2)} MB/s (transfer/forward ${fmt(r.downloadSteadyMBps / r.forwardDownloadMBps, 2)}, ${fmt(r.uploadSteadyMBps / r.forwardUploadMBps, 2)})`
      : '';
    report(
      `| file transfer over Session Manager (SDK 5), ${megabytes} MB of ${r.content} | 1 ms | download ${fmt(r.downloadSteadyMBps, 2)} MB/s, upload ${fmt(r.uploadSteadyMBps, 2)} MB/s after a fixed ${fmt(r.setupSeconds.download)} / ${fmt(r.setupSeconds.upload)} s per copy (end to end ${fmt(r.downloadMBps, 2)} / ${fmt(r.uploadMBps, 2)} MB/s)${against}, ${r.intact ? 'SHA-256 match' : 'CORRUPTED'} |`,
    );
  }
}
for (const pacingMs of [1, 0]) {
  const r = await shellLatency(pacingMs, 200);
  report(`| shell keystroke round trip (${r.samples} keys) | ${pacingMs} ms | median ${fmt(r.ssmMedianMs, 2)} ms, p95 ${fmt(r.ssmP95Ms, 2)} ms (loopback TCP echo: ${fmt(r.tcpMedianMs, 3)} ms) |`);
}
for (const [pacingMs, connections, kib] of [[1, 200, 256], [0, 200, 64], [1, 50, 1024]] as const) {
  const r = await runAlone<ConcurrencyResult>('concurrent-connections.ts', [pacingMs, connections, kib]);
  const size = kib >= 1024 ? `${kib / 1024} MiB` : `${kib} KiB`;
  report(`| ${r.connections} concurrent connections × ${size} echo, one forward | ${pacingMs} ms | ${echoed(r)}, ${rss(r)} |`);
}
{
  const r = await runAlone<FilterLatencyResult>('filter-latency.ts', [2]);
  const ms = (n: number) => `${fmt(n)} ms`;
  report(
    `| compute filter in the window, ${r.computes} computes (${r.keystrokes} keys, Chromium) | — | keystroke → paint p50 **${ms(r.p50Ms)}**, p95 **${ms(r.p95Ms)}**, max ${ms(r.maxMs)}; ${r.overOneFrame} over 16.7 ms; script p50 ${ms(r.scriptP50Ms)} / p95 ${ms(r.scriptP95Ms)}, frame p50 ${ms(r.frameP50Ms)} / p95 ${ms(r.frameP95Ms)}; caret-only keys p50 ${ms(r.idleP50Ms)} / p95 ${ms(r.idleP95Ms)}; ${r.domRows} rows in the DOM |`,
  );
}
{
  const r = await runAlone<StalledReaderResult>('stalled-reader.ts', [96, 25_000, 3000, 180_000]);
  const outcome = r.complete
    ? `${r.intact ? 'all bytes, SHA-256 match' : 'CORRUPTED'}, ${fmt(r.seconds)} s, last byte ${fmt(r.afterResumeSeconds)} s after the reader resumed`
    : `INCOMPLETE after ${fmt(r.seconds, 0)} s: ${r.bytes} of ${r.mebibytes * 1024 * 1024} bytes`;
  report(`| stalled reader: ${r.mebibytes} MiB download, reader idle ${r.stallSeconds} s, agent buffer ${r.outgoingBufferCapacity} frames | 0 ms | ${outcome}; pending peak ${mib(r.pendingPeakBytes)}, ${r.pauses} pause(s); ${rss(r)} |`);
}
console.log(`\n(total ${fmt((performance.now() - started) / 1000)} s)`);
