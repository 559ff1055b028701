// Main's copy of the daemon's recent targets (listRecentTargets), for the tray's "Recent
// connections": read at start and again whenever a session first becomes active (every
// successful open is noted by the daemon), never on the tray's one-second rebuilds.
import type { RecentTarget, Session } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';

export class RecentMirror {
  private targets: RecentTarget[] = [];
  private readonly seenActive = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly off: () => void;
  /** The read under way, and whether another was asked for meanwhile. */
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly daemon: DaemonPort) {
    this.off = daemon.subscribe((event, payload) => {
      if (event !== 'sessionChanged') return;
      const session = payload as Session;
      if (session.state === 'ended') this.seenActive.delete(session.id);
      else if (session.state === 'active' && !this.seenActive.has(session.id)) {
        this.seenActive.add(session.id);
        void this.refresh();
      }
    });
    void this.refresh();
  }

  list(): RecentTarget[] {
    return this.targets;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the list again (one read at a time; a request meanwhile reads once more after it). */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        const wire = await this.daemon.dispatch('listRecentTargets', {});
        if (wire.ok) {
          this.targets = (wire.value as { targets: RecentTarget[] }).targets;
          for (const listener of this.listeners) listener();
        }
      } while (this.again);
    })().finally(() => (this.reading = undefined));
    return this.reading;
  }

  dispose(): void {
    this.off();
    this.listeners.clear();
  }
}
