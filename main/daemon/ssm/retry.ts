// The plugin's retry policy for opening the data channel and for ResumeSession
// (docs/reference/ssm-data-channel.md §11.1): first delay random in [100, 200) ms, doubling; a delay that
// would pass 5 s falls back to the first one; at most 5 retries (6 calls in all).

const RETRY_POLICY = { minInitialMs: 100, maxInitialMs: 200, maxDelayMs: 5000, maxRetries: 5 } as const;

/** The delays before each retry, in order. */
export function retryDelays(random: () => number = Math.random): number[] {
  const initial = RETRY_POLICY.minInitialMs + Math.floor(random() * (RETRY_POLICY.maxInitialMs - RETRY_POLICY.minInitialMs));
  const delays: number[] = [];
  let delay = initial;
  for (let i = 0; i < RETRY_POLICY.maxRetries; i++) {
    delays.push(delay);
    delay = delay * 2 > RETRY_POLICY.maxDelayMs ? initial : delay * 2;
  }
  return delays;
}

export interface RetryOptions {
  /** Stops retrying when this returns false (e.g. the error is permanent or the caller gave up). */
  shouldRetry?: (error: unknown) => boolean;
  signal?: AbortSignal;
  delays?: number[];
}

/** Runs `attempt` once, then once more after each delay while it keeps failing. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const delays = options.delays ?? retryDelays();
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delay = delays[n];
      if (delay === undefined || options.signal?.aborted || (options.shouldRetry && !options.shouldRetry(error))) throw error;
      await sleep(delay, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
