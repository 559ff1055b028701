// Which process a vault's secrets and index belong to, and whether that process still runs. A pid alone is not
// enough: the OS recycles pids, and a new process that got a dead daemon's pid must not keep the
// dead daemon's secrets alive. On Linux the process start time (/proc/<pid>/stat, field 22) tells
// the two apart; elsewhere only "some process has this pid" can be asked.
import { readFileSync } from 'node:fs';

export interface Owner {
  pid: number;
  /** Clock ticks after boot at which the process started (Linux); '' where it cannot be read. */
  startTime: string;
}

function linuxStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) is in parentheses and may itself hold spaces or ')'.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return afterName[19] ?? null; // field 22; afterName[0] is field 3
  } catch {
    return null;
  }
}

export function currentOwner(): Owner {
  return { pid: process.pid, startTime: linuxStartTime(process.pid) ?? '' };
}

export function isAlive(owner: Owner): boolean {
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.startTime) return linuxStartTime(owner.pid) === owner.startTime;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it exists, it is just not ours to signal
  }
}

/**
 * The owner written into keychain account names and index file names (`<pid>-<start time>-<id>`):
 * any daemon can tell from a name alone whether its owner still runs. `id` tells apart two vaults
 * of one process.
 */
export function ownerTag(owner: Owner, id: string): string {
  return `${owner.pid}-${owner.startTime}-${id}`;
}

/** The owner in a tag, or null for a name written before owners were recorded. */
export function parseOwnerTag(tag: string): Owner | null {
  const parsed = /^(\d+)-(\d*)-[0-9a-f]+$/.exec(tag);
  return parsed ? { pid: Number(parsed[1]), startTime: parsed[2] ?? '' } : null;
}
