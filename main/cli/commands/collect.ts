// `gamelift-connect collect <fleet-id> <compute> [--out DIR]`: "Collect diagnostics" through the
// daemon (collectDiagnostics): game server logs, the GameLift metadata file, recent cores, the
// GameLift Agent's logs, `docker logs` of containers, processes, disk, memory and kernel messages
// in one .tar.gz with a manifest. The archive goes to DIR, default the working directory (not the
// daemon's Downloads folder: a command line user expects it where they are). Progress on stderr;
// --json prints { path, bytes, sha256, found, missing, skipped } on stdout. Ctrl-C cancels it in
// the daemon and nothing is kept; a failure exits 1 with the daemon's message.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { INTERRUPTED_EXIT } from '../interrupts';
import { targetArgs } from '../target-args';
import { withApi } from './daemon-api';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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

async function collect(context: CommandContext, fleetId: string, computeName: string, outDir: string): Promise<number> {
  const transferId = randomUUID();
  const started = Date.now();
  const tty = context.stderr.isTTY === true;
  let interrupted = false;
  const result = await withApi(context, async (api) => {
    // As get/put: Ctrl-C cancels in the daemon, asked again until the daemon knows the transfer.
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
    if (tty) context.stderr.write(`Gathering diagnostics on ${computeName}…`);
    const off = api.on('transferProgress', (p) => {
      if (p.transferId !== transferId || !tty) return;
      context.stderr.write(`\r\x1b[KDownloading the archive: ${human(p.bytes)} of ${human(p.total)}`);
    });
    try {
      return await api.call('collectDiagnostics', {
        fleetId,
        computeName,
        outDir,
        transferId,
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
        ...(context.options['host-only'] === true ? { shellIn: 'host' as const } : {}),
      });
    } catch (error) {
      if (tty) context.stderr.write('\r\x1b[K');
      if (interrupted) return null;
      if (error instanceof CliError && error.code === 'PortClosed') {
        throw new CliError(error.message, ExitCode.Failure, 'Run again with --open-port to let GameLift Connect open the SSH port for this machine alone (/32) while it lasts, or add the rule yourself.', error.code);
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
  if (tty) context.stderr.write('\r\x1b[K');
  const seconds = (Date.now() - started) / 1000;
  context.stderr.write(
    `Saved ${result.path} (${human(result.bytes)}, ${seconds.toFixed(1)} s): ${result.found} found, ${result.missing} missing, ${result.skipped} skipped (manifest.json inside says what and why), sha256 ${result.sha256}\n`,
  );
  if (context.options.json) {
    const { path, bytes, sha256, found, missing, skipped } = result;
    context.stdout.write(`${JSON.stringify({ path, bytes, sha256, found, missing, skipped }, null, 2)}\n`);
  }
  return 0;
}

export const collectCommand: Command = {
  name: 'collect',
  summary: 'Collect diagnostics from a Linux compute (logs, metadata, cores, agent logs, docker logs, system state) into one .tar.gz with a manifest.',
  usage: '<fleet-id> <compute-name> [--out DIR] [--open-port] [--host-only] [--json]',
  options: { out: { type: 'string' }, 'open-port': { type: 'boolean' }, 'host-only': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    if (context.positionals.length > 2) throw new UsageError(`unexpected argument "${context.positionals[2]}"`);
    const out = context.options.out;
    if (out !== undefined && (typeof out !== 'string' || out === '')) throw new UsageError('--out needs a folder');
    // The daemon may run elsewhere (another working directory): it is given an absolute path.
    return collect(context, fleetId, computeName, resolve(typeof out === 'string' ? out : '.'));
  },
};
