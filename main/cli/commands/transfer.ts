// `gamelift-connect get <fleet-id> <compute> <remote-path> [local-path]` and `put <fleet-id>
// <compute> <local-path> <remote-path>`: one file to or from a Linux compute (SDK 4 over SFTP;
// SDK 5 and containers over Session Manager, in the game server container unless --host), copied
// by the daemon (downloadFile/uploadFile): nothing partial under the final name, size and
// SHA-256 checked. Progress on stderr (bytes, rate, ETA) on a TTY, one final line
// otherwise; --json prints { path, bytes, sha256 }.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { INTERRUPTED_EXIT } from '../interrupts';
import { targetArgs } from '../target-args';
import { withApi } from './daemon-api';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const OPTIONS = { 'open-port': { type: 'boolean' }, overwrite: { type: 'boolean' }, json: { type: 'boolean' }, container: { type: 'boolean' }, host: { type: 'boolean' } } as const;

/** --host / --container (container fleets): where the copy runs; the daemon's default is the container. */
export function shellInOption(options: CommandContext['options']): { shellIn?: 'host' | 'container' } {
  if (options.container && options.host) throw new UsageError('--container and --host exclude each other');
  return options.host ? { shellIn: 'host' } : options.container ? { shellIn: 'container' } : {};
}

const human = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
};

async function transfer(context: CommandContext, direction: 'get' | 'put', fleetId: string, computeName: string, localPath: string, remotePath: string): Promise<number> {
  const transferId = randomUUID();
  const started = Date.now();
  const tty = context.stderr.isTTY === true;
  const common = {
    fleetId,
    computeName,
    transferId,
    ...shellInOption(context.options),
    ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
    ...(context.options.overwrite === true ? { overwrite: true } : {}),
  };
  let interrupted = false;
  const result = await withApi(context, async (api) => {
    // Ctrl-C cancels the copy in the daemon (a running one would go on without us): asked again
    // until the daemon knows the transfer, since the signal may come before the call reaches it.
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
    const off = api.on('transferProgress', (p) => {
      if (p.transferId !== transferId || !tty) return;
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const rate = p.bytes / seconds;
      const eta = rate > 0 && p.total > p.bytes ? `, ${Math.ceil((p.total - p.bytes) / rate)} s left` : '';
      context.stderr.write(`\r\x1b[K${human(p.bytes)} of ${human(p.total)} (${human(rate)}/s${eta})`);
    });
    try {
      return direction === 'get'
        ? await api.call('downloadFile', { ...common, remotePath, localPath })
        : await api.call('uploadFile', { ...common, localPath, remotePath });
    } catch (error) {
      if (tty) context.stderr.write('\r\x1b[K');
      if (interrupted) return null;
      if (error instanceof CliError && error.code === 'PortClosed') {
        throw new CliError(error.message, ExitCode.Failure, 'Run again with --open-port to let GameLift Connect open the SSH port for this machine alone (/32) while the copy lasts, or add the rule yourself.', error.code);
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
    return INTERRUPTED_EXIT;
  }
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  if (tty) context.stderr.write('\r\x1b[K');
  context.stderr.write(`${direction === 'get' ? 'Downloaded' : 'Uploaded'} ${human(result.bytes)} to ${result.path} in ${seconds.toFixed(1)} s (${human(result.bytes / seconds)}/s), sha256 ${result.sha256}\n`);
  if (context.options.json) context.stdout.write(`${JSON.stringify({ path: result.path, bytes: result.bytes, sha256: result.sha256 }, null, 2)}\n`);
  return 0;
}

export const getCommand: Command = {
  name: 'get',
  summary: 'Copy a file from a Linux compute (SDK 4: SFTP; SDK 5 and containers: Session Manager; size and SHA-256 checked, nothing partial left).',
  usage: '<fleet-id> <compute-name> <remote-path> [local-path] [--host|--container] [--open-port] [--overwrite] [--json]',
  options: OPTIONS,
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    const remotePath = context.positionals[2];
    if (!remotePath) throw new UsageError('expected <remote-path>');
    if (context.positionals.length > 4) throw new UsageError(`unexpected argument "${context.positionals[4]}"`);
    // The daemon may run elsewhere (another working directory): it is given an absolute path.
    return transfer(context, 'get', fleetId, computeName, resolve(context.positionals[3] ?? '.'), remotePath);
  },
};

export const putCommand: Command = {
  name: 'put',
  summary: 'Copy a file to a Linux compute (SDK 4: SFTP; SDK 5 and containers: Session Manager; size and SHA-256 checked, nothing partial left).',
  usage: '<fleet-id> <compute-name> <local-path> <remote-path> [--host|--container] [--open-port] [--overwrite] [--json]',
  options: OPTIONS,
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    const localPath = context.positionals[2];
    const remotePath = context.positionals[3];
    if (!localPath || !remotePath) throw new UsageError('expected <local-path> <remote-path>');
    if (context.positionals.length > 4) throw new UsageError(`unexpected argument "${context.positionals[4]}"`);
    return transfer(context, 'put', fleetId, computeName, resolve(localPath), remotePath);
  },
};
