// `gamelift-connect get <fleet-id> <compute> <remote-path> [local-path]` and `put <fleet-id>
// <compute> <local-path> <remote-path>`: one file to or from a Linux compute (SDK 4 over SFTP;
// SDK 5 and containers over Session Manager, in the game server container unless --host), copied
// by the daemon (downloadFile/uploadFile): nothing partial under the final name, size and
// SHA-256 checked. Progress on stderr (bytes, rate, ETA) on a TTY, one final line
// otherwise; --json prints { path, bytes, sha256 }.
import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { INTERRUPTED_EXIT } from '../interrupts';
import { targetArgs } from '../target-args';
import { humanBytes, runTransfer } from '../transfer-run';

const OPTIONS = { 'open-port': { type: 'boolean' }, overwrite: { type: 'boolean' }, json: { type: 'boolean' }, container: { type: 'boolean' }, host: { type: 'boolean' } } as const;

/** --host / --container (container fleets): where the copy runs; the daemon's default is the container. */
export function shellInOption(options: CommandContext['options']): { shellIn?: 'host' | 'container' } {
  if (options.container && options.host) throw new UsageError('--container and --host exclude each other');
  return options.host ? { shellIn: 'host' } : options.container ? { shellIn: 'container' } : {};
}

async function transfer(context: CommandContext, direction: 'get' | 'put', fleetId: string, computeName: string, localPath: string, remotePath: string): Promise<number> {
  const started = Date.now();
  const common = {
    fleetId,
    computeName,
    ...shellInOption(context.options),
    ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
    ...(context.options.overwrite === true ? { overwrite: true } : {}),
  };
  const result = await runTransfer(context, {
    progressLine: (bytes, total) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const rate = bytes / seconds;
      const eta = rate > 0 && total > bytes ? `, ${Math.ceil((total - bytes) / rate)} s left` : '';
      return `${humanBytes(bytes)} of ${humanBytes(total)} (${humanBytes(rate)}/s${eta})`;
    },
    portOpenWhile: 'the copy',
    call: (api, transferId) =>
      direction === 'get'
        ? api.call('downloadFile', { ...common, transferId, remotePath, localPath })
        : api.call('uploadFile', { ...common, transferId, localPath, remotePath }),
  });
  if (!result) return INTERRUPTED_EXIT;
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  context.stderr.write(`${direction === 'get' ? 'Downloaded' : 'Uploaded'} ${humanBytes(result.bytes)} to ${result.path} in ${seconds.toFixed(1)} s (${humanBytes(result.bytes / seconds)}/s), sha256 ${result.sha256}\n`);
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
