// Plain formatting helpers for the views (pure; covered by test/renderer/format.test.ts).
import type { Fleet, Session, Target } from '../../preload/contract';

/** "1:02:03", "4:05", "0:09"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "AMAZON_LINUX_2023" → "Amazon Linux 2023"; "WINDOWS_2022" → "Windows 2022". */
export function osLabel(os: string, operatingSystem?: string): string {
  if (operatingSystem) {
    return operatingSystem
      .split('_')
      .map((word) => (/^\d+$/.test(word) ? word : word.charAt(0) + word.slice(1).toLowerCase()))
      .join(' ');
  }
  return os === 'windows' ? 'Windows' : os === 'linux' ? 'Linux' : 'Unknown OS';
}

export const accessLabel = {
  'compute-access': 'SSM · GetComputeAccess',
  'instance-access': 'GetInstanceAccess',
  none: 'No remote access',
} as const;

export const kindLabel = { ec2: 'EC2', container: 'Container', anywhere: 'Anywhere' } as const;

/** Words for a fleet search: every token must match one of the fleet's facets. */
export function matchesSearch(query: string, facets: ReadonlyArray<string | undefined | null>): boolean {
  const haystack = facets.filter(Boolean).join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((token) => haystack.includes(token));
}

/** GameLift spells statuses ACTIVE (fleets, Anywhere computes) or Active (instances): show one way. */
export function statusLabel(status: string): string {
  const words = status.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A fleet's title. GameLift gives container fleets no name (the daemon fills `name` with their
 * description, else the game-server definition's name): their ID is the title, as in the console,
 * and the description goes below it (`fleetDescription`).
 */
export function fleetTitle(fleet: Pick<Fleet, 'fleetId' | 'kind' | 'name'>): string {
  return fleet.kind === 'container' ? fleet.fleetId : fleet.name;
}

/** The words shown under a fleet's title, when its title is not its name (container fleets). */
export function fleetDescription(fleet: Pick<Fleet, 'fleetId' | 'kind' | 'name'>): string | null {
  return fleet.kind === 'container' && fleet.name && fleet.name !== fleet.fleetId ? fleet.name : null;
}

/** A target's searchable text, lower-cased once per list (not per keystroke). */
export function targetHaystack(t: Target): string {
  return [t.computeName, t.instanceId, t.status, t.os, t.location, t.ipAddress, t.instanceType].filter(Boolean).join(' ').toLowerCase();
}

/** The lower-cased words of a search box; every one must be found. */
export function searchTokens(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * What double-click and Enter do to a compute: a shell, except on SDK 4 Windows instances, which
 * offer no shell (GetInstanceAccess gives an RDP login) and open Remote Desktop instead.
 */
export function defaultAction(fleet: Pick<Fleet, 'access' | 'os'>, target: Pick<Target, 'os'>): 'shell' | 'rdp' {
  const os = target.os === 'unknown' ? fleet.os : target.os;
  return fleet.access === 'instance-access' && os === 'windows' ? 'rdp' : 'shell';
}

/** A session that ended without ever becoming active: a failed attempt to open it (no expiry was ever set). */
export function isFailedAttempt(session: Pick<Session, 'state' | 'expiresAt'>): boolean {
  return session.state === 'ended' && session.expiresAt === undefined;
}

/** What a session was opened to: the same key for a retry of the same open. */
export function attemptKey(session: Pick<Session, 'kind' | 'target' | 'remotePort'>): string {
  const t = session.target;
  return [session.kind, t.fleetId, t.computeName, t.location, t.shellIn ?? '', session.remotePort ?? ''].join('|');
}

/** A terminal tab's title: "fleet / compute (location)". */
export function sessionTitle(session: Pick<Session, 'target'>, fleetName: string): string {
  return `${fleetName} / ${session.target.computeName} (${session.target.location})`;
}
