// Small helpers for session tests: poll for a condition, and a session's terminal output so far.
import type { Harness } from '../harness';

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, ms = 5000): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const outputOf = (h: Harness, sessionId: string): string =>
  h.emitted
    .filter((e) => e.event === 'terminalData' && (e.payload as { sessionId: string }).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as { data: string }).data, 'base64').toString())
    .join('');
