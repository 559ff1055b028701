// `gamelift-connect collect <fleet-id> <compute> [--out DIR]`: "Collect diagnostics" through the
// daemon (collectDiagnostics): game server logs, the GameLift metadata file, recent cores, the
// GameLift Agent's logs, `docker logs` of containers, processes, disk, memory and kernel messages
// in one .tar.gz with a manifest. The archive goes to DIR, default the working directory (not the
// daemon's Downloads folder: a command line user expects it where they are). Progress on stderr;
// --json prints { path, bytes, sha256, found, missing, skipped } on stdout. Ctrl-C cancels it in
// the daemon and nothing is kept; a failure exits 1 with the daemon's message.
import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { INTERRUPTED_EXIT } from '../interrupts';
import { targetArgs } from '../target-args';
import { humanBytes, runTransfer } from '../transfer-run';

async function collect(context: CommandContext, fleetId: string, computeName: string, outDir: string): Promise<number> {
  const started = Date.now();
  const result = await runTransfer(context, {
    firstLine: `Gathering diagnostics on ${computeName}…`,
    progressLine: (bytes, total) => `Downloading the archive: ${humanBytes(bytes)} of ${humanBytes(total)}`,
    portOpenWhile: 'it',
    call: (api, transferId) =>
      api.call('collectDiagnostics', {
        fleetId,
        computeName,
        outDir,
        transferId,
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
        ...(context.options['host-only'] === true ? { shellIn: 'host' as const } : {}),
      }),
  });
  if (!result) return INTERRUPTED_EXIT;
  const seconds = (Date.now() - started) / 1000;
  context.stderr.write(
    `Saved ${result.path} (${humanBytes(result.bytes)}, ${seconds.toFixed(1)} s): ${result.found} found, ${result.missing} missing, ${result.skipped} skipped (manifest.json inside says what and why), sha256 ${result.sha256}\n`,
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
