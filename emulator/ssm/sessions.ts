// The SSM service's record of sessions (for DescribeSessions, ResumeSession, TerminateSession);
// the live status comes from the agent that hosts each session.
import { isFinished, type SessionAgent, type SessionStatus } from '../agent/agent-api';

export interface SessionRecord {
  sessionId: string;
  target: string;
  documentName: string;
  owner: string;
  accountId: string;
  region: string;
  reason: string | undefined;
  startDate: number;
  endDate: number | undefined;
  /** The `cell-number` of the session's current StreamUrl; upgrades to another one are stale. */
  cell: string;
  /** Every upgrade the stream endpoint let through, in order (for tests: who signed it). */
  upgrades: UpgradeRecord[];
}

export interface UpgradeRecord {
  /** The access key that signed the upgrade; null for an unsigned one. Never the secret or token. */
  signedBy: string | null;
  cell: string;
}

export class SessionRegistry {
  private readonly records = new Map<string, SessionRecord>();

  constructor(private readonly agent: SessionAgent) {}

  add(record: SessionRecord): void {
    this.records.set(record.sessionId, record);
  }

  get(sessionId: string): SessionRecord | undefined {
    return this.records.get(sessionId);
  }

  /** The agent's view of the session; a session the agent forgot has ended. */
  status(record: SessionRecord): SessionStatus {
    const status = this.agent.status(record.sessionId) ?? 'Terminated';
    if (isFinished(status) && record.endDate === undefined) record.endDate = Date.now();
    return status;
  }

  isActive(record: SessionRecord): boolean {
    return !isFinished(this.status(record));
  }

  /** Every session ever started, oldest first (for tests: what a client left running). */
  all(): SessionRecord[] {
    return [...this.records.values()];
  }

  /** Sessions visible to an account in one Region, newest first. */
  list(accountId: string, region: string): SessionRecord[] {
    return [...this.records.values()].filter((r) => r.accountId === accountId && r.region === region).sort((a, b) => b.startDate - a.startDate);
  }
}
