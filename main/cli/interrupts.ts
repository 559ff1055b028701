// Ctrl-C while a session is still being set up must not leave a session running on the service:
// the interrupt is remembered, and the command ends the session as soon as it exists.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface DeferredInterrupts {
  readonly interrupted: boolean;
  /** Stops deferring: the command installs its own handlers from here on. */
  release(): void;
}

export function deferInterrupts(): DeferredInterrupts {
  let interrupted = false;
  const note = () => (interrupted = true);
  for (const signal of SIGNALS) process.on(signal, note);
  return {
    get interrupted() {
      return interrupted;
    },
    release() {
      for (const signal of SIGNALS) process.off(signal, note);
    },
  };
}

/** The conventional exit status of a process ended by SIGINT. */
export const INTERRUPTED_EXIT = 130;
