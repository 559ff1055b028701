// A token bucket that queues instead of failing: AWS allows GetComputeAccess and
// GetInstanceAccess a burst of 4 and then 1 call per second per account, so callers wait their turn.

export interface LimiterOptions {
  burst: number;
  perSecond: number;
  now?: () => number;
}

export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: LimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.tokens = opts.burst;
    this.last = this.now();
  }

  /** Runs fn once a token is available, in call order. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.take();
    return fn();
  }

  get queued(): number {
    return this.waiting.length;
  }

  private take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.last) / 1000) * this.opts.perSecond);
    this.last = now;
  }

  private drain(): void {
    this.refill();
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting.shift()!();
    }
    if (this.waiting.length > 0 && !this.timer) {
      const ms = Math.ceil(((1 - this.tokens) / this.opts.perSecond) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, ms);
    }
  }
}

/**
 * AWS's published limit for the access APIs (per account, shared by both): burst 4, 1 per second.
 * We refill a little slower, because requests reach AWS with jitter (a new connection is slower
 * than a reused one) and the bucket on its side must not see two calls closer than a second.
 */
export const accessLimiter = (): RateLimiter => new RateLimiter({ burst: 4, perSecond: 0.9 });
