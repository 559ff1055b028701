// `gamelift-connect rdp <fleet-id> <compute-name>`: Remote Desktop to a Windows compute, with the
// platform's client launched. Through a running daemon the session outlives the command; in-process
// it lasts until Ctrl-C or until the client exits. It prints the Windows user when GameLift issued
// one (SDK 4); --copy-password has the daemon put that user's password on the clipboard (cleared
// again after a while). The password itself is never printed. --share DIR redirects a local folder
// into the session (made absolute here, for a daemon running elsewhere) and says where Windows
// shows it.
import { resolve } from 'node:path';
import type { Command } from '../command';
import { describeError, UsageError } from '../cli-error';
import { SessionWatch } from '../session-watch';
import { openApi } from './daemon-api';

export const rdpCommand: Command = {
  name: 'rdp',
  summary: 'Remote Desktop to a Windows compute: SDK 5 over a Session Manager forward, SDK 4 directly.',
  usage: '<fleet-id> <compute-name> [--open-port] [--no-launch] [--copy-password] [--share DIR [--share-name NAME]] [--json]',
  options: {
    'open-port': { type: 'boolean' },
    'no-launch': { type: 'boolean' },
    'copy-password': { type: 'boolean' },
    share: { type: 'string' },
    'share-name': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context) {
    const [fleetId, computeName, extra] = context.positionals;
    if (!fleetId || !computeName || extra) throw new UsageError('expected <fleet-id> <compute-name>');
    const { share, 'share-name': shareName } = context.options;
    if (share === '' || (typeof shareName === 'string' && typeof share !== 'string')) throw new UsageError('--share needs a folder (and --share-name goes with --share)');
    const api = await openApi(context);
    // Subscribed before the open call, so an end that comes at once is not missed.
    const watch = new SessionWatch(api);
    try {
      const session = await api.call('openRdp', {
        fleetId,
        computeName,
        launchClient: context.options['no-launch'] !== true,
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
        ...(typeof share === 'string' ? { shareFolder: resolve(share) } : {}),
        ...(typeof shareName === 'string' ? { shareName } : {}),
      });
      if (context.options.json) context.stdout.write(`${JSON.stringify(session)}\n`);
      else {
        const where = session.localPort ? `127.0.0.1:${session.localPort}` : `${session.remoteHost}:${session.remotePort}`;
        context.stdout.write(`RDP session ${session.id} (${session.transport}) → ${where}\n`);
        if (session.userName) context.stdout.write(`Windows user: ${session.userName}\n`);
        const shared = session.sharedFolder;
        if (shared) {
          context.stdout.write(`Shared folder: ${shared.localPath} → ${shared.remotePath} on Windows (Explorer: This PC, "Redirected drives and folders")\n`);
          if (shared.note) context.stdout.write(`  ${shared.note}\n`);
        }
      }
      if (context.options['copy-password'] === true) {
        // The session is open either way: a copy that cannot be made is said, not fatal.
        try {
          const copied = await api.call('copyRdpPassword', { sessionId: session.id });
          const clears = copied.clearsInSeconds !== undefined ? `; it is cleared in ${copied.clearsInSeconds} s` : '; clear it yourself once used';
          (context.options.json ? context.stderr : context.stdout).write(`Password${session.userName ? ` for ${session.userName}` : ''} copied to the clipboard${clears}.\n`);
        } catch (error) {
          const e = describeError(error);
          context.stderr.write(`gamelift-connect: could not copy the password: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
        }
      }
      if (api.mode === 'daemon') {
        context.stdout.write(`It runs in the daemon; end it with "gamelift-connect end ${session.id}".\n`);
        return 0;
      }
      context.stdout.write('Press Ctrl-C to end the session.\n');
      // The session also ends by itself when the RDP client exits: say why (a failed client's reason
      // carries its own words).
      watch.attach(session.id);
      // Held open while waiting: a direct session without a launched client (--no-launch on SDK 4)
      // has no socket or process that would keep Node running until Ctrl-C.
      const keepAlive = setInterval(() => {}, 1 << 30);
      const endReason = await new Promise<string | undefined>((resolve) => {
        process.once('SIGINT', () => resolve(undefined));
        process.once('SIGTERM', () => resolve(undefined));
        void watch.end().then(({ session: ended }) => resolve(ended.endReason ?? 'ended'));
      }).finally(() => clearInterval(keepAlive));
      if (endReason) context.stdout.write(`RDP session ${session.id} ended: ${endReason}\n`);
      return 0;
    } finally {
      watch.stop();
      await api.close();
    }
  },
};
