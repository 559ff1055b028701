// `npm run bench`: every benchmark once, numbers printed (nothing asserted). Takes about 30 s on an idle 2-core machine, up to a minute under load.
// Each run starts the emulator in a child process so the agent has its own event loop.
import { forwardThroughput } from './forward-throughput';
import { shellLatency } from './shell-latency';
import { concurrentConnections } from './concurrent-connections';

const fmt = (n: number, digits = 1) => n.toFixed(digits);
/** The plugin's ceiling per session and direction: ~1 KiB per ~1.4 ms (reference §5.5, observed). */
const PLUGIN_MBPS = 0.7;
const vsPlugin = (mbps: number) => `${fmt(mbps)} MB/s (${fmt(mbps / PLUGIN_MBPS, 0)}× the plugin)`;
const started = performance.now();
const report = (line: string) => console.log(line);

report('| benchmark | agent pacing | result |');
report('|---|---|---|');
for (const [pacingMs, megabytes] of [[1, 8], [0, 100]] as const) {
  const r = await forwardThroughput(pacingMs, megabytes);
  report(`| forward throughput, ${megabytes} MB each way | ${pacingMs} ms | upload ${vsPlugin(r.uploadMBps)}, download ${vsPlugin(r.downloadMBps)}, ${r.intact ? 'SHA-256 match' : 'CORRUPTED'} |`);
}
for (const pacingMs of [1, 0]) {
  const r = await shellLatency(pacingMs, 200);
  report(`| shell keystroke round trip (${r.samples} keys) | ${pacingMs} ms | median ${fmt(r.ssmMedianMs, 2)} ms, p95 ${fmt(r.ssmP95Ms, 2)} ms (loopback TCP echo: ${fmt(r.tcpMedianMs, 3)} ms) |`);
}
for (const [pacingMs, kib] of [[1, 16], [0, 64]] as const) {
  const r = await concurrentConnections(pacingMs, 200, kib * 1024);
  report(`| ${r.connections} concurrent connections × ${kib} KiB echo, one forward | ${pacingMs} ms | ${fmt(r.seconds, 2)} s, ${r.intact}/${r.connections} intact |`);
}
console.log(`\n(total ${fmt((performance.now() - started) / 1000)} s)`);
