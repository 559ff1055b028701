// Fault knobs for the emulated agent. Set them agent-wide (`agent.faults = {...}`), per session at
// start (spec.faults) or at runtime (`agent.setSessionFaults(id, {...})`). Time windows run from the
// moment the knobs are set; random choices come from a seeded PRNG so runs repeat exactly.
import { seededRandom, type Random } from './seeded-random';

/** Picks frames: every Nth one (1-based count of first transmissions), or each with a probability. */
export type FrameSelector = { everyNth: number } | { probability: number };

export interface AgentFaults {
  /** Drop the WebSocket once, after this many bytes were sent on it: 'kill' destroys the TCP
   *  connection, 'bye' sends close 1000 "Bye" as the service's hourly recycle does. */
  dropAfterBytes?: { bytes: number; how: 'kill' | 'bye' };
  /** Send no acknowledgements for this long; the client has to retransmit (its resends are re-acked later). */
  withholdAcksMs?: number;
  /** Hold a picked output frame back and send it after the next one. */
  reorder?: FrameSelector;
  /** Send a picked output frame twice. */
  duplicate?: FrameSelector;
  /** PRNG seed for the probability selectors (default 1). */
  seed?: number;
  /** Service idle timeout: no stream data either way for this long ends the session (overrides spec.idleTimeoutMs). */
  idleTimeoutMs?: number;
  /** Close the WebSocket with 1000 "Bye" this often; the client must ResumeSession to continue. */
  recycleEveryMs?: number;
  /** Once: the agent goes away for this long, as MGS reports it: pause_publication, nothing sent
   *  (no data, acks or resends; input is still processed), then start_publication. */
  pausePublicationMs?: number;
}

/** A set of faults as armed at a point in time, with the state the one-shot and counted faults need. */
export class ArmedFaults {
  readonly armedAt: number;
  private readonly random: Random;
  private picked = { reorder: 0, duplicate: 0 };
  /** Bytes written since arming, for dropAfterBytes. */
  bytesSent = 0;
  dropFired = false;
  pauseFired = false;

  constructor(readonly faults: AgentFaults, now = Date.now()) {
    this.armedAt = now;
    this.random = seededRandom(faults.seed ?? 1);
  }

  withholdingAcks(now = Date.now()): boolean {
    return this.faults.withholdAcksMs !== undefined && now - this.armedAt < this.faults.withholdAcksMs;
  }

  pick(kind: 'reorder' | 'duplicate'): boolean {
    const selector = this.faults[kind];
    if (!selector) return false;
    const n = ++this.picked[kind];
    return 'everyNth' in selector ? n % selector.everyNth === 0 : this.random() < selector.probability;
  }
}
