// The seam between the session manager and the openers (session-openers.ts): what an opener is
// given to bring one session's transport up, and what it hands back. Openers build and return;
// only the SessionManager writes session state. What the transport reports later flows up through
// `events`; the transport's AWS credentials come from one source, given here once.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Fleet, Session, Target } from '../../../preload/contract';
import type { ComputeAccess } from '../access/access';
import type { IdentitySnapshot } from '../identity/identity';
import type { Connection, ConnectionEvents } from '../transport/connection';

/** What survives of issued access once its secret is in the vault. */
export type AccessFacts =
  | { route: 'compute-access'; ssmTarget: string; containers: ComputeAccess['containers'] }
  | { route: 'instance-access'; userName: string; ipAddress?: string };

export type AccessRoute = AccessFacts['route'];

interface OpeningBase<R extends AccessRoute> {
  readonly sessionId: string;
  readonly fleet: Fleet;
  readonly target: Target;
  /** The identity the session started under (inbound rules, clean-ups). */
  readonly who: IdentitySnapshot;
  readonly facts: Extract<AccessFacts, { route: R }>;
  /** Where the transport reports output, byte counts, drops and its end. */
  readonly events: ConnectionEvents;
  /** Lends the session's current secret to one call (an SSH key, a Windows password). */
  withSecret<T>(fn: (secret: string) => Promise<T>): Promise<T>;
}

/**
 * An opener's view of a session being opened. Compute access adds the transport's one credential
 * source: an AWS SDK provider that reads the vault's current credentials (with their expiry) at
 * every call, and renews them first when asked to refresh (ResumeSession refused them).
 */
export type Opening<R extends AccessRoute = AccessRoute> = OpeningBase<R> &
  (R extends 'compute-access' ? { readonly credentials: AwsCredentialIdentityProvider } : unknown);

export type Cleanup = () => Promise<void>;

/** What an opener built: the session's transport, what to undo at its end, and record fields. */
export interface Opened {
  connection?: Connection;
  /** Run once when the session ends, newest first (revoke a port rule, stop an RDP client). */
  cleanups: Cleanup[];
  /** Fields for the session record: local port, host key fingerprint, idle timeout. */
  record: Partial<Session>;
}

/** The steps of one opener whose effects must be undone if a later step fails, or at the session's end. */
export type Undoable = (cleanup: Cleanup) => void;

/**
 * Runs an opener's steps. A step with an effect to undo registers it with `undoLater`; if a later
 * step fails, those undos run newest first (their own failures are reported to `undoFailed`) and
 * the error is rethrown, so a failed opener leaves nothing behind. On success they become the
 * session's cleanups.
 */
export async function openOrUndo(
  steps: (undoLater: Undoable) => Promise<Omit<Opened, 'cleanups'>>,
  undoFailed: (err: unknown) => void,
): Promise<Opened> {
  const cleanups: Cleanup[] = [];
  try {
    const built = await steps((cleanup) => cleanups.push(cleanup));
    return { ...built, cleanups };
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(undoFailed);
    throw err;
  }
}
