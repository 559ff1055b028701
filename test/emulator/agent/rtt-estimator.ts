// The agent's retransmission-timeout estimator (docs/reference/ssm-data-channel.md §5.4): RFC 6298
// style with the agent's constants. R is measured from the last (re)send, as the agent does.

export const INITIAL_RTO_MS = 200;
const INITIAL_SRTT_MS = 100;
const ALPHA = 1 / 8;
const BETA = 1 / 4;
const CLOCK_GRANULARITY_MS = 10;
const MAX_RTO_MS = 1000;

export class RttEstimator {
  srtt = INITIAL_SRTT_MS;
  rttvar = 0;
  rto = INITIAL_RTO_MS;

  sample(rttMs: number): void {
    // RTTVAR uses the old SRTT, so it is updated first.
    this.rttvar = (1 - BETA) * this.rttvar + BETA * Math.abs(this.srtt - rttMs);
    this.srtt = (1 - ALPHA) * this.srtt + ALPHA * rttMs;
    this.rto = Math.min(MAX_RTO_MS, this.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttvar));
  }
}
