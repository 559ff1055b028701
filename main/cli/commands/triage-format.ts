// Shared by the triage commands (find, events, game-sessions, end-game-session): times, short
// game session IDs, and `--since` values (an ISO time or a relative one like 2h).
import { UsageError } from '../cli-error';

/** The last part of a game session ARN: its ID string. */
export const shortGameSession = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1) || arn;

export const isoTime = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO 8601 time, or a span back from `now` like 90s, 30m, 2h, 7d, 1w. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+)\s*([smhdw])$/i.exec(value.trim());
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!.toLowerCase()]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`--since takes an ISO time (2026-12-01T10:00:00Z) or a span like 30m, 2h or 7d; got "${value}"`);
}

/** A positive whole number flag. */
export function parseCount(name: string, value: string | boolean | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw new UsageError(`--${name} takes a number from 1 to ${max}`);
  return n;
}
