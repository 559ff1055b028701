// Which sessions the panel shows (pure; covered by test/renderer/power-user-helpers.test.ts).
import type { Session } from '../../preload/contract';
import { attemptKey, isFailedAttempt } from './format';

/** Ended sessions kept in view; older ones drop off (the daemon forgets them too). */
const KEEP_ENDED = 8;

/**
 * The sessions to show: a failed attempt replaces an earlier failed attempt at the same open
 * (kind, compute, shell, port) instead of adding a row; ended sessions the user cleared are gone.
 */
export function visibleSessions(sessions: readonly Session[], cleared: ReadonlySet<string>): Session[] {
  const seenFailures = new Set<string>();
  const out: Session[] = [];
  let ended = 0;
  for (const session of sessions) {
    if (session.state === 'ended') {
      if (cleared.has(session.id)) continue;
      if (isFailedAttempt(session)) {
        const key = attemptKey(session);
        if (seenFailures.has(key)) continue; // sessions come newest first: the latest failure stays
        seenFailures.add(key);
      }
      if (++ended > KEEP_ENDED) continue;
    }
    out.push(session);
  }
  return out;
}

