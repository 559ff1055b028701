// `--verbose` through a running daemon: the command cannot mirror a log it does not write, so it
// follows the daemon's log file (getStatus.logFile) from where it ends now, to stderr, until the
// command ends. The file is rotated at 5 MiB (renamed, a new one begun): a file that is shorter
// than what was read, or another file under the same name, is read from its start.
import { open, stat } from 'node:fs/promises';

const POLL_MS = 100;

export interface LogFollower {
  /** Writes out what was appended up to now, then stops. */
  stop(): Promise<void>;
}

export async function followLog(path: string, write: (text: string) => void, pollMs = POLL_MS): Promise<LogFollower> {
  let at = await stat(path).then((s) => ({ ino: s.ino, offset: s.size })).catch(() => ({ ino: -1, offset: 0 }));
  let reading: Promise<void> = Promise.resolve();
  const readNew = async () => {
    const now = await stat(path).catch(() => null);
    if (!now) return;
    if (now.ino !== at.ino || now.size < at.offset) at = { ino: now.ino, offset: 0 };
    if (now.size === at.offset) return;
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(now.size - at.offset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, at.offset);
      at = { ino: now.ino, offset: at.offset + bytesRead };
      write(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await file.close();
    }
  };
  // One read at a time, in order; a failed read (a rotation under way) is tried again next time.
  const tick = () => {
    reading = reading.then(readNew).catch(() => undefined);
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      tick();
      await reading;
    },
  };
}
