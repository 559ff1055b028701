// A token bucket per (account, operation): AWS's documented API limits are a burst size and a
// sustained rate per second. Refill runs on emulated time, so a time scale loosens it too.
import type { EmulatorClock } from './clock';

export interface RateLimit {
  burst: number;
  perSecond: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly limitFor: (operation: string) => RateLimit,
  ) {}

  /** Takes one token; false means the call must be throttled. */
  tryTake(account: string, operation: string): boolean {
    const limit = this.limitFor(operation);
    const key = `${account}/${operation}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    const refilled = ((now - bucket.at) / this.clock.real(1000)) * limit.perSecond;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + refilled);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forget spent tokens (after a limit change, so the new limit applies from a full bucket). */
  reset(): void {
    this.buckets.clear();
  }
}
