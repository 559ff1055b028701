// `gamelift-connect rdp <fleet-id> <compute-name>`: Remote Desktop to a Windows compute, with the
// platform's client launched. Through a running daemon the session outlives the command; in-process
// it lasts until Ctrl-C or until the client exits.
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { SessionWatch } from '../session-watch';
import { openApi } from './daemon-api';

export const rdpCommand: Command = {
  name: 'rdp',
  summary: 'Remote Desktop to a Windows compute: SDK 5 over a Session Manager forward, SDK 4 directly.',
  usage: '<fleet-id> <compute-name> [--open-port] [--no-launch] [--json]',
  options: { 'open-port': { type: 'boolean' }, 'no-launch': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context) {
    const [fleetId, computeName, extra] = context.positionals;
    if (!fleetId || !computeName || extra) throw new UsageError('expected <fleet-id> <compute-name>');
    const api = await openApi(context);
    // Subscribed before the open call, so an end that comes at once is not missed.
    const watch = new SessionWatch(api);
    try {
      const session = await api.call('openRdp', {
        fleetId,
        computeName,
        launchClient: context.options['no-launch'] !== true,
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
      });
      if (context.options.json) context.stdout.write(`${JSON.stringify(session)}\n`);
      else {
        const where = session.localPort ? `127.0.0.1:${session.localPort}` : `${session.remoteHost}:${session.remotePort}`;
        context.stdout.write(`RDP session ${session.id} (${session.transport}) → ${where}\n`);
      }
      if (api.mode === 'daemon') {
        context.stdout.write(`It runs in the daemon; end it with "gamelift-connect end ${session.id}".\n`);
        return 0;
      }
      context.stdout.write('Press Ctrl-C to end the session.\n');
      // The session also ends by itself when the RDP client exits: say why (a failed client's reason
      // carries its own words).
      watch.attach(session.id);
      const endReason = await new Promise<string | undefined>((resolve) => {
        process.once('SIGINT', () => resolve(undefined));
        process.once('SIGTERM', () => resolve(undefined));
        void watch.end().then(({ session: ended }) => resolve(ended.endReason ?? 'ended'));
      });
      if (endReason) context.stdout.write(`RDP session ${session.id} ended: ${endReason}\n`);
      return 0;
    } finally {
      watch.stop();
      await api.close();
    }
  },
};
