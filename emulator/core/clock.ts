// Emulated durations (credential lifetimes, propagation delays, token refill) run `timeScale`
// times faster than real time, so an hour-long credential can expire within a test. Request
// dates (SigV4 skew) are always checked against the real clock, as AWS does.
export class EmulatorClock {
  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be positive, got ${timeScale}`);
  }

  now(): number {
    return Date.now();
  }

  /** Real milliseconds that an emulated duration takes. */
  real(emulatedMs: number): number {
    return emulatedMs / this.timeScale;
  }
}

/** A timestamp member of a response; each protocol encodes it its own way (JSON: epoch seconds). */
export const timestamp = (ms: number) => new Date(ms);

/** A timestamp member of a request, in ms: JSON 1.1 sends epoch seconds, CBOR a Date. */
export const fromTimestamp = (value: unknown) => (value instanceof Date ? value.getTime() : (value as number) * 1000);
