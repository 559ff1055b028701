// Waiting for a promise whose failure someone else handles: a queue's next step after the previous
// one (whose caller got its rejection), or a map of work under way that a later call waits on.
// Not for failures nobody sees: those go to the log (main/daemon/log/).
export function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}
