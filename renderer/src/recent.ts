// Recent connections: the targets the user opened lately. The daemon keeps them (listRecentTargets,
// shared with the tray and the CLI); with a daemon that has no such method they are kept here, in
// localStorage, so a reload or the next day still has them. Only where and what (fleet, compute, location, kind, the
// forward's remote port, the container shell): never a session ID, token or secret.
import type { RecentTarget, Session } from '../../preload/contract';

export interface Recent {
  kind: RecentTarget['kind'];
  fleetId: string;
  computeName: string;
  location: string;
  shellIn?: 'host' | 'container';
  remotePort?: number;
  /** When it was opened (epoch ms). */
  at: number;
}

export const RECENT_KEY = 'gamelift-connect.recent';
export const RECENT_MAX = 8;

const sameTarget = (a: Omit<Recent, 'at'>, b: Omit<Recent, 'at'>) =>
  a.kind === b.kind && a.fleetId === b.fleetId && a.computeName === b.computeName && a.shellIn === b.shellIn && a.remotePort === b.remotePort;

/** The record of an opened session: only the fields above, nothing else it carries. */
export function recentOf(session: Session, at = Date.now()): Recent {
  return {
    kind: session.kind as Recent['kind'], // never a transfer: useRecents skips those
    fleetId: session.target.fleetId,
    computeName: session.target.computeName,
    location: session.target.location,
    ...(session.target.shellIn ? { shellIn: session.target.shellIn } : {}),
    ...(session.kind === 'forward' && session.remotePort !== undefined ? { remotePort: session.remotePort } : {}),
    at,
  };
}

/** `list` with `entry` first: the same target opened again moves up instead of repeating. */
export function addRecent(list: readonly Recent[], entry: Recent): Recent[] {
  return [entry, ...list.filter((r) => !sameTarget(r, entry))].slice(0, RECENT_MAX);
}

function isRecent(value: unknown): value is Recent {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    (r.kind === 'shell' || r.kind === 'forward' || r.kind === 'rdp') &&
    typeof r.fleetId === 'string' &&
    typeof r.computeName === 'string' &&
    typeof r.location === 'string' &&
    typeof r.at === 'number' &&
    (r.shellIn === undefined || r.shellIn === 'host' || r.shellIn === 'container') &&
    (r.remotePort === undefined || typeof r.remotePort === 'number')
  );
}

/** What storage holds, with anything malformed dropped (and only the known fields kept). */
export function parseRecents(text: string | null): Recent[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isRecent).slice(0, RECENT_MAX).map((r) => ({
    kind: r.kind,
    fleetId: r.fleetId,
    computeName: r.computeName,
    location: r.location,
    ...(r.shellIn ? { shellIn: r.shellIn } : {}),
    ...(r.remotePort !== undefined ? { remotePort: r.remotePort } : {}),
    at: r.at,
  }));
}

export function loadRecents(storage: Pick<Storage, 'getItem'> = localStorage): Recent[] {
  try {
    return parseRecents(storage.getItem(RECENT_KEY));
  } catch {
    return [];
  }
}

export function saveRecents(list: readonly Recent[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // storage full or refused: recents are a convenience
  }
}

export const recentKindLabel: Record<Recent['kind'], string> = { shell: 'Shell', forward: 'Forward', rdp: 'Remote Desktop' };

/** The daemon's record of a recent target (listRecentTargets) as the window shows it. */
export function fromRecentTarget(t: RecentTarget): Recent {
  return {
    kind: t.kind,
    fleetId: t.fleetId,
    computeName: t.computeName,
    location: t.location,
    ...(t.shellIn ? { shellIn: t.shellIn } : {}),
    ...(t.remotePort !== undefined ? { remotePort: t.remotePort } : {}),
    at: t.openedAt,
  };
}
