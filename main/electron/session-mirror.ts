// Main's copy of the daemon's sessions, for the tray and notifications: seeded by listSessions,
// kept current by sessionChanged events.
import type { Session } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';

export class SessionMirror {
  private readonly byId = new Map<string, Session>();
  private readonly listeners = new Set<() => void>();

  constructor(daemon: DaemonPort) {
    daemon.subscribe((event, payload) => {
      if (event === 'sessionChanged') this.put(payload as Session);
    });
    void daemon.dispatch('listSessions', {}).then((wire) => {
      if (!wire.ok) return;
      for (const session of (wire.value as { sessions: Session[] }).sessions) if (!this.byId.has(session.id)) this.byId.set(session.id, session);
      this.changed();
    });
  }

  all(): Session[] {
    return [...this.byId.values()];
  }

  live(): Session[] {
    return this.all().filter((s) => s.state !== 'ended');
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `tick` each second while any session is live (countdowns, expiry checks); idle otherwise. */
  everySecondWhileLive(tick: () => void): () => void {
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      const live = this.live().length > 0;
      if (live && !timer) timer = setInterval(tick, 1000);
      if (!live && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
    const off = this.onChange(arm);
    arm();
    return () => {
      off();
      if (timer) clearInterval(timer);
    };
  }

  private put(session: Session): void {
    this.byId.set(session.id, session);
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
