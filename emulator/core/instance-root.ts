// An emulated instance's own files at AWS's real paths: a program started "on the instance" runs in
// a private mount namespace (`unshare -m`, root only) where the instance's root folder is bound at
// /local, and, when the root holds a `core_pattern` file, that file over
// /proc/sys/kernel/core_pattern. So a test's /local/game/logs, /local/gamemetadata and core files
// are seen by the remote side exactly where GameLift puts them, and by nothing else: the machine's
// own /local stays an empty mount point and each instance (or test) has its own.
//
// Layout of a root folder:  <root>/local/…       seen as /local/…
//                           <root>/core_pattern  seen as /proc/sys/kernel/core_pattern (optional)
import { existsSync, mkdirSync } from 'node:fs';

const MOUNT_POINT = '/local';

const unshare = (): string | undefined => ['/usr/bin/unshare', '/bin/unshare'].find((p) => existsSync(p));

/** Why instance roots cannot work here, or null when they can. */
export function instanceRootsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'instance roots need Linux mount namespaces';
  if (process.getuid?.() !== 0) return 'instance roots need root (unshare -m and bind mounts)';
  if (!unshare()) return 'instance roots need unshare (util-linux)';
  return null;
}

/** `program args…` wrapped to run inside `root` (see the top of this file). */
export function inInstanceRoot(root: string, program: string, args: readonly string[]): { program: string; args: string[] } {
  const unavailable = instanceRootsUnavailable();
  if (unavailable) throw new Error(unavailable);
  // The one change to the machine: an empty /local to bind onto (GameLift's path; absent on most hosts).
  if (!existsSync(MOUNT_POINT)) mkdirSync(MOUNT_POINT, { mode: 0o755 });
  const setup =
    'root=$1; shift; mount --bind "$root/local" /local || exit 111; ' +
    'if [ -f "$root/core_pattern" ]; then mount --bind "$root/core_pattern" /proc/sys/kernel/core_pattern || exit 111; fi; ' +
    'exec "$@"';
  return { program: unshare()!, args: ['--mount', '--propagation', 'private', '/bin/sh', '-c', setup, 'instance-root', root, program, ...args] };
}
