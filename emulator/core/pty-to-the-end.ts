// A program on a real pty (node-pty) whose output is read to the very end, as the real agent's
// write pump reads its pty until EOF. node-pty alone cannot promise that: a pty read without
// blocking (libuv's) can be hung up with output still in the kernel's buffers, and node-pty
// destroys a paused pty's stream 200 ms after its program exits, unread output and all (measured:
// up to 12 KB of `seq` lost under a busy event loop). So the program runs under a small /bin/sh
// wrapper that, once the program exits, prints an end marker with a random name and its exit
// status, and waits. Holding the pty open, the wrapper lets it be read up to the marker; only
// then is it killed. Neither the marker nor anything after it is handed on.
import { randomBytes } from 'node:crypto';
import { spawn, type IPty, type IPtyForkOptions } from 'node-pty';

const WRAPPER = `"$0" "$@"; status=$?; printf '\\033]%s;%d\\007' "$GAMELIFT_EMULATOR_END_MARK" "$status"; exec sleep 3600`;

export interface PtyHandlers {
  /** The program's output, in order, every byte of it. */
  output(data: Buffer): void;
  /** The program exited (its status), or the pty went without an end marker (null: killed from outside). */
  exited(status: number | null): void;
}

/** Spawns `program args` on a pty; the returned IPty is the wrapper's (write, resize, pause, kill). */
export function spawnToTheEnd(program: string, args: string[], options: IPtyForkOptions, handlers: PtyHandlers): IPty {
  const mark = new EndMark(`gamelift-emulator-end-${randomBytes(8).toString('hex')}`);
  const pty = spawn('/bin/sh', ['-c', WRAPPER, program, ...args], {
    ...options,
    env: { ...options.env, GAMELIFT_EMULATOR_END_MARK: mark.name },
    encoding: null,
  });
  let ended = false;
  const end = (status: number | null) => {
    if (ended) return;
    ended = true;
    handlers.exited(status);
  };
  // With encoding null node-pty hands over raw Buffers, whatever its typings say.
  pty.onData((data: string | Buffer) => {
    if (mark.seen) return; // the wrapper's own bytes after the marker
    const { output, status } = mark.scan(Buffer.isBuffer(data) ? data : Buffer.from(data));
    if (output.length > 0) handlers.output(output);
    if (status === undefined) return;
    try {
      pty.kill('SIGKILL'); // the waiting wrapper: its program is gone and its output all read
    } catch {
      // Already gone.
    }
    end(status);
  });
  pty.onExit(() => end(null));
  return pty;
}

/**
 * Finds the wrapper's end marker (`ESC ] <name> ; <status> BEL`) in the pty's output, even split
 * across reads: bytes that may be the start of it are held back until the next read tells.
 */
export class EndMark {
  private held: Buffer = Buffer.alloc(0);
  seen = false;
  private readonly prefix: Buffer;

  constructor(readonly name: string) {
    this.prefix = Buffer.from(`\x1b]${name};`);
  }

  scan(data: Buffer): { output: Buffer; status?: number } {
    const all = this.held.length > 0 ? Buffer.concat([this.held, data]) : data;
    this.held = Buffer.alloc(0);
    const at = all.indexOf(this.prefix);
    if (at >= 0) {
      const end = all.indexOf(0x07, at + this.prefix.length);
      if (end < 0) {
        this.held = all.subarray(at);
        return { output: all.subarray(0, at) };
      }
      this.seen = true;
      return { output: all.subarray(0, at), status: Number(all.subarray(at + this.prefix.length, end).toString('latin1')) };
    }
    // Hold back a tail that is a proper start of the marker (it begins with ESC).
    for (let i = Math.max(0, all.length - this.prefix.length + 1); i < all.length; i++) {
      if (all[i] === 0x1b && this.prefix.subarray(0, all.length - i).equals(all.subarray(i))) {
        this.held = all.subarray(i);
        return { output: all.subarray(0, i) };
      }
    }
    return { output: all };
  }
}
