// One transfer the daemon runs for a command (get, put, collect): its progress on a TTY's stderr,
// and Ctrl-C cancelling it in the daemon, since a running copy would go on without us.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from './command';
import { CliError, ExitCode } from './cli-error';
import { withApi, type ApiHandle } from './commands/daemon-api';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Bytes for people: "512 B", "1.5 MiB". */
export const humanBytes = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
};

export interface TransferRun<T> {
  /** Shown on a TTY once the daemon is reached, until the first progress line replaces it. */
  firstLine?: string;
  /** The TTY's progress line for the daemon's transferProgress. */
  progressLine(bytes: number, total: number): string;
  /** What the --open-port hint says the open port lasts for ("the copy"). */
  portOpenWhile: string;
  /** The daemon call, given the transferId it must carry. */
  call(api: ApiHandle, transferId: string): Promise<T>;
}

/**
 * The call's result with the progress line cleared, or null when a signal cancelled it (then
 * stderr already says nothing was kept, and the command exits INTERRUPTED_EXIT).
 */
export async function runTransfer<T>(context: CommandContext, run: TransferRun<T>): Promise<T | null> {
  const transferId = randomUUID();
  const tty = context.stderr.isTTY === true;
  let interrupted = false;
  const result = await withApi(context, async (api) => {
    // Asked again until the daemon knows the transfer: the signal may come before the call reaches it.
    let pending = true;
    const cancel = () => {
      if (interrupted) return;
      interrupted = true;
      void (async () => {
        for (let i = 0; pending && i < 50; i += 1) {
          if ((await api.call('cancelTransfer', { transferId }).catch(() => ({ cancelled: false }))).cancelled) return;
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    };
    for (const signal of SIGNALS) process.on(signal, cancel);
    if (tty && run.firstLine) context.stderr.write(run.firstLine);
    const off = api.on('transferProgress', (p) => {
      if (p.transferId !== transferId || !tty) return;
      context.stderr.write(`\r\x1b[K${run.progressLine(p.bytes, p.total)}`);
    });
    try {
      return await run.call(api, transferId);
    } catch (error) {
      if (tty) context.stderr.write('\r\x1b[K');
      if (interrupted) return null;
      if (error instanceof CliError && error.code === 'PortClosed') {
        throw new CliError(error.message, ExitCode.Failure, `Run again with --open-port to let GameLift Connect open the SSH port for this machine alone (/32) while ${run.portOpenWhile} lasts, or add the rule yourself.`, error.code);
      }
      throw error;
    } finally {
      pending = false;
      off();
      for (const signal of SIGNALS) process.off(signal, cancel);
    }
  });
  if (!result) {
    context.stderr.write('Cancelled: nothing was kept.\n');
    return null;
  }
  if (tty) context.stderr.write('\r\x1b[K');
  return result;
}
