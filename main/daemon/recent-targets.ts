// The targets the user opened lately (listRecentTargets; the tray's "Recent connections"), fed by
// every successful open and kept in `<dataDir>/recent-targets.json` (0600): fleet, compute,
// location and kind (a forward's port, a container shell's side) — never an address, a user name
// or a secret. Newest first, one entry per target and kind, at most MAX_RECENT. Another daemon (a
// CLI command's) may write the file too: it is read again before each change.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecentTarget, Session } from '../../preload/contract';
import { writePrivateFile } from './util/private-file';

export const MAX_RECENT = 10;

export const recentTargetsPath = (dataDir: string): string => join(dataDir, 'recent-targets.json');

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1024;

/** One stored entry, if it is one; anything else in the file is dropped. */
function readEntry(raw: unknown): RecentTarget[] {
  const e = (raw ?? {}) as Record<string, unknown>;
  if (!str(e.fleetId) || !str(e.computeName) || !str(e.location) || typeof e.openedAt !== 'number') return [];
  if (e.kind !== 'shell' && e.kind !== 'forward' && e.kind !== 'rdp') return [];
  return [
    {
      fleetId: e.fleetId,
      computeName: e.computeName,
      location: e.location,
      kind: e.kind,
      ...(Number.isInteger(e.remotePort) ? { remotePort: e.remotePort as number } : {}),
      ...(e.shellIn === 'host' || e.shellIn === 'container' ? { shellIn: e.shellIn } : {}),
      openedAt: e.openedAt,
    },
  ];
}

const sameTarget = (a: RecentTarget, b: RecentTarget): boolean =>
  a.fleetId === b.fleetId && a.computeName === b.computeName && a.kind === b.kind && a.remotePort === b.remotePort && a.shellIn === b.shellIn;

export class RecentTargets {
  /** Writes in order: a record never overtakes the one before it. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  async list(): Promise<RecentTarget[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(recentTargetsPath(this.dataDir), 'utf8'));
    } catch {
      return [];
    }
    const list = (raw as { targets?: unknown } | null)?.targets;
    return Array.isArray(list) ? list.flatMap(readEntry).sort((a, b) => b.openedAt - a.openedAt).slice(0, MAX_RECENT) : [];
  }

  /** Records an opened session's target first in the list. */
  record(session: Session, now = Date.now()): Promise<void> {
    if (session.kind === 'transfer') return Promise.resolve();
    const entry: RecentTarget = {
      fleetId: session.target.fleetId,
      computeName: session.target.computeName,
      location: session.target.location,
      kind: session.kind,
      ...(session.kind === 'forward' && session.remotePort ? { remotePort: session.remotePort } : {}),
      ...(session.kind === 'shell' && session.target.shellIn ? { shellIn: session.target.shellIn } : {}),
      openedAt: now,
    };
    const write = this.writing.then(async () => {
      const targets = [entry, ...(await this.list()).filter((t) => !sameTarget(t, entry))].slice(0, MAX_RECENT);
      await writePrivateFile(recentTargetsPath(this.dataDir), `${JSON.stringify({ targets }, null, 2)}\n`);
    });
    this.writing = write.catch(() => {});
    return write;
  }
}
