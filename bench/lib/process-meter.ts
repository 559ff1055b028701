// What the benchmark process itself costs: its peak RSS, sampled on a timer, and its CPU time.
// The emulator runs in a child process, so both cover the client plus the local TCP peers.

export interface RssSampler {
  /** RSS when sampling started, bytes. */
  readonly startBytes: number;
  /** Stops sampling; the highest RSS seen, bytes. */
  stop(): number;
}

/** Samples process.memoryUsage.rss() every `periodMs` until stop(). */
export function sampleRss(periodMs = 50): RssSampler {
  const startBytes = process.memoryUsage.rss();
  let peak = startBytes;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), periodMs);
  return {
    startBytes,
    stop() {
      clearInterval(timer);
      return (peak = Math.max(peak, process.memoryUsage.rss()));
    },
  };
}

/** Starts a CPU clock (user + system); the returned function gives the ms used since. */
export function cpuClock(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
}

export const MiB = 1024 * 1024;
