// Polls until a condition holds: tests wait for what they expect, never for a fixed time.

/** Resolves with the first truthy value of `read`, or fails naming what it waited for. */
export async function waitFor<T>(what: string, read: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
