// `gamelift-connect ls <fleet-id> <compute> [remote-path]`: one folder on a Linux compute
// (listDirectory: SFTP on SDK 4, Session Manager on SDK 5 and containers), the home when no path
// is given. A table of type, size, modification time (UTC) and name; names with control
// characters (a newline) are shown escaped so each entry stays on one line; --json prints the
// daemon's answer as it is.
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { targetArgs } from '../target-args';
import { table, withApi } from './daemon-api';
import { shellInOption } from './transfer';

const TYPE_MARK = { file: '-', directory: 'd', symlink: 'l', other: '?' } as const;

/** A name on one line: control characters as JSON escapes them. */
const printable = (name: string): string => ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ? JSON.stringify(name) : name);

export const lsCommand: Command = {
  name: 'ls',
  summary: 'List a folder on a Linux compute (the home by default; --host or --container on container fleets).',
  usage: '<fleet-id> <compute-name> [remote-path] [--host|--container] [--open-port] [--json]',
  options: { 'open-port': { type: 'boolean' }, json: { type: 'boolean' }, container: { type: 'boolean' }, host: { type: 'boolean' } },
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    if (context.positionals.length > 3) throw new UsageError(`unexpected argument "${context.positionals[3]}"`);
    const listing = await withApi(context, (api) =>
      api.call('listDirectory', {
        fleetId,
        computeName,
        path: context.positionals[2] ?? '~',
        ...shellInOption(context.options),
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
      }),
    );
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      return 0;
    }
    const rows = listing.entries.map((e) => [TYPE_MARK[e.type], String(e.size), new Date(e.modifiedAt).toISOString().slice(0, 19).replace('T', ' '), printable(e.name)]);
    context.stdout.write(`${printable(listing.path)}:\n`);
    context.stdout.write(table([['T', 'SIZE', 'MODIFIED (UTC)', 'NAME'], ...rows]));
    if (listing.truncated) context.stderr.write(`Only the first ${listing.entries.length} entries are shown.\n`);
    return 0;
  },
};
