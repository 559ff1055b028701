// Retransmission timeout estimator with the constants both the plugin and the agent use
// (docs/reference/ssm-data-channel.md §5.4): Jacobson/Karels smoothing, 10 ms clock granularity, 1 s cap.

export const RTO_DEFAULTS = {
  initialRtoMs: 200,
  initialSrttMs: 100,
  alpha: 1 / 8,
  beta: 1 / 4,
  granularityMs: 10,
  maxRtoMs: 1000,
} as const;

export class RtoEstimator {
  private srtt: number = RTO_DEFAULTS.initialSrttMs;
  private rttvar = 0;
  private rto: number = RTO_DEFAULTS.initialRtoMs;

  get rtoMs(): number {
    return this.rto;
  }

  get srttMs(): number {
    return this.srtt;
  }

  /** Feeds one round-trip sample (callers skip retransmitted frames: Karn's rule). */
  sample(rttMs: number): void {
    const r = Math.max(0, rttMs);
    this.rttvar = (1 - RTO_DEFAULTS.beta) * this.rttvar + RTO_DEFAULTS.beta * Math.abs(this.srtt - r);
    this.srtt = (1 - RTO_DEFAULTS.alpha) * this.srtt + RTO_DEFAULTS.alpha * r;
    this.rto = Math.min(RTO_DEFAULTS.maxRtoMs, this.srtt + Math.max(RTO_DEFAULTS.granularityMs, 4 * this.rttvar));
  }
}
