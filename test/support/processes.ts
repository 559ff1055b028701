// What every running process was started with, from /proc: to check that a secret is on no
// command line, or that a client got the argument it should.
import { readdirSync, readFileSync } from 'node:fs';

/** The arguments of every running process whose command line contains `text`. */
export function argvsWith(text: string): string[][] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(text) ? [cmdline.split('\0')] : [];
      } catch {
        return []; // processes come and go
      }
    });
}

/** The same command lines, each as one string (its arguments joined by spaces), for messages and matching. */
export const commandLinesWith = (text: string): string[] => argvsWith(text).map((argv) => argv.join(' '));
