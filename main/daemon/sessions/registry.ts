// Every session the daemon runs, as contract Session records. All changes go through here so
// each state transition becomes exactly one `sessionChanged` event; byte counters are published
// at most once a second. Ended sessions stay listed for a while so the UI can say why they ended.
import { randomBytes } from 'node:crypto';
import type { Session, SessionState } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { EventBus } from '../events';
import { canMove } from './states';

const KEEP_ENDED = 50;
const BYTES_PUBLISH_MS = 1000;

export type NewSession = Omit<Session, 'id' | 'state' | 'startedAt' | 'bytesIn' | 'bytesOut'>;

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly bytesTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly events: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  create(init: NewSession): Session {
    const id = `gc-${randomBytes(6).toString('hex')}`;
    const session: Session = { ...init, id, state: 'starting', startedAt: this.now(), bytesIn: 0, bytesOut: 0 };
    this.sessions.set(id, session);
    this.publish(session);
    return { ...session };
  }

  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new DaemonError('NotFound', `Session ${id} does not exist (it may have ended long ago).`);
    return { ...session };
  }

  list(): Session[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  /** Moves a session to a new state (with any field changes) and announces it. */
  transition(id: string, to: SessionState, patch: Partial<Session> = {}): Session {
    const session = this.sessions.get(id);
    if (!session) throw new DaemonError('NotFound', `Session ${id} does not exist.`);
    if (session.state !== to && !canMove(session.state, to)) {
      throw new DaemonError('InvalidInput', `Session ${id} cannot go from ${session.state} to ${to}.`);
    }
    Object.assign(session, patch, { state: to });
    if (to === 'ended') {
      session.endedAt ??= this.now();
      this.flushBytes(id);
      this.forgetOldEnded();
    }
    this.publish(session);
    return { ...session };
  }

  /** Field changes that are not transitions (local port, fingerprint, expiry after renewal). */
  update(id: string, patch: Partial<Omit<Session, 'state' | 'id'>>): void {
    const session = this.sessions.get(id);
    if (!session || session.state === 'ended') return;
    Object.assign(session, patch);
    this.publish(session);
  }

  countBytes(id: string, bytesIn: number, bytesOut: number): void {
    const session = this.sessions.get(id);
    if (!session || session.state === 'ended') return;
    session.bytesIn += bytesIn;
    session.bytesOut += bytesOut;
    if (this.bytesTimers.has(id)) return;
    const timer = setTimeout(() => this.flushBytes(id), BYTES_PUBLISH_MS);
    timer.unref();
    this.bytesTimers.set(id, timer);
  }

  private flushBytes(id: string): void {
    const timer = this.bytesTimers.get(id);
    if (!timer) return;
    clearTimeout(timer);
    this.bytesTimers.delete(id);
    const session = this.sessions.get(id);
    if (session && session.state !== 'ended') this.publish(session);
  }

  private forgetOldEnded(): void {
    const ended = [...this.sessions.values()].filter((s) => s.state === 'ended');
    for (const s of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.sessions.delete(s.id);
  }

  private publish(session: Session): void {
    this.events.emit('sessionChanged', { ...session, target: { ...session.target } });
  }
}
