// The session state machine of architecture.md: starting → active ⇄ renewing / reconnecting → ended.
import type { SessionState } from '../../../preload/contract';

const NEXT: Record<SessionState, readonly SessionState[]> = {
  starting: ['active', 'ended'],
  active: ['renewing', 'reconnecting', 'ended'],
  renewing: ['active', 'reconnecting', 'ended'],
  reconnecting: ['active', 'renewing', 'ended'],
  ended: [],
};

export const canMove = (from: SessionState, to: SessionState): boolean => NEXT[from].includes(to);
