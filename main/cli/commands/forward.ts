// `gamelift-connect forward <fleet-id> <compute-name> <remote-port>`: a loopback port forwarded to
// a port on the compute (or on --host, reached from it), opened by the daemon (the running one, or
// one started here) with its routing, limiter, vault and renewal. Runs until Ctrl-C, SIGTERM or
// SIGHUP, which end the session; with --detach it stays in the running daemon instead.
import { createServer } from 'node:net';
import type { Session } from '../../../preload/contract';
import type { Command } from '../command';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { deferInterrupts, INTERRUPTED_EXIT } from '../interrupts';
import { SessionWatch } from '../session-watch';
import { targetArgs } from '../target-args';
import { openApi, type ApiHandle } from './daemon-api';

const LOOPBACK = '127.0.0.1';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export const forwardCommand: Command = {
  name: 'forward',
  summary: 'Forward a local port to a port on a compute until interrupted (or --detach it into the running daemon).',
  usage: '<fleet-id> <compute-name> <remote-port> [--local-port N] [--host H] [--detach] [--json]',
  options: {
    'local-port': { type: 'string' },
    host: { type: 'string' },
    detach: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    const remotePort = parsePort(context.positionals[2], 'remote port', 1);
    const localPort = context.options['local-port'] === undefined ? 0 : parsePort(String(context.options['local-port']), '--local-port', 0);
    const host = typeof context.options.host === 'string' && context.options.host !== '' ? context.options.host : undefined;
    if (context.positionals.length > 3) throw new UsageError(`unexpected argument "${context.positionals[3]}"`);
    // Fail on a taken port before asking GameLift for access (rate-limited) or starting a daemon.
    // The daemon listens on this machine's loopback too, so what is taken here is taken there.
    if (localPort !== 0) await assertPortFree(localPort);

    const startup = deferInterrupts();
    let api: ApiHandle | undefined;
    let watch: SessionWatch | undefined;
    let session: Session | undefined;
    let leave = false;
    try {
      api = await openApi(context);
      if (context.options.detach && api.mode !== 'daemon') {
        throw new CliError('--detach needs a running daemon to leave the forward in.', ExitCode.Failure, 'Start one with "gamelift-connect daemon" or the app, or run without --detach.');
      }
      watch = new SessionWatch(api);
      session = await api.call('openForward', {
        fleetId,
        computeName,
        remotePort,
        ...(localPort ? { localPort } : {}),
        ...(host ? { remoteHost: host } : {}),
      });
      watch.attach(session.id, { onNotice: (text) => void context.stderr.write(`gamelift-connect: ${text}\n`) });
      if (startup.interrupted) return INTERRUPTED_EXIT;
      const port = session.localPort;
      if (context.options.json) context.stdout.write(`${JSON.stringify({ localPort: port, sessionId: session.id })}\n`);
      else context.stdout.write(`Forwarding ${LOOPBACK}:${port} to ${host ?? computeName}:${remotePort} (session ${session.id}).${context.options.detach ? '' : ' Press Ctrl-C to stop.'}\n`);
      if (context.options.detach) {
        leave = true;
        context.stderr.write(`It runs in the daemon; end it with "gamelift-connect end ${session.id}".\n`);
        return ExitCode.Ok;
      }

      let stop!: () => void;
      const stopped = new Promise<null>((resolve) => (stop = () => resolve(null)));
      for (const signal of SIGNALS) process.on(signal, stop);
      startup.release();
      try {
        const outcome = await Promise.race([watch.end(), stopped, api.lost.then(() => 'lost' as const)]);
        if (outcome === null) return ExitCode.Ok; // the finally below ends the session
        if (outcome === 'lost') {
          context.stderr.write(`gamelift-connect: lost the connection to the daemon; forward ${session.id} ended\n`);
          return ExitCode.Failure;
        }
        const reason = outcome.session.endReason ?? 'ended';
        // A failure exits 1; the service closing the forward (idle timeout, ended elsewhere) is said, and exits 0 as AWS's plugin does.
        if (outcome.session.endedBy === 'failure') {
          context.stderr.write(`gamelift-connect: forward ended: ${reason}\n`);
          return ExitCode.Failure;
        }
        context.stderr.write(`gamelift-connect: ${reason}\n`);
        return ExitCode.Ok;
      } finally {
        for (const signal of SIGNALS) process.off(signal, stop);
      }
    } finally {
      startup.release();
      watch?.stop();
      // Without --detach the forward lasts as long as this command, in a running daemon too.
      if (api && session && !leave && !watch?.ended) await api.endSession(session.id);
      await api?.close();
    }
  },
};

function parsePort(text: string | undefined, what: string, min: number): number {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < min || port > 65535) throw new UsageError(`${what} must be a number from ${min} to 65535, got "${text}"`);
  return port;
}

/** Binds the port as the daemon's forward will and lets it go again; a taken one is a clear error. */
async function assertPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new CliError(`Local port ${port} on ${LOOPBACK} is already in use; pick another with --local-port, or omit it for a free one.`));
      else if (error.code === 'EACCES') reject(new CliError(`Local port ${port} on ${LOOPBACK} needs privileges this user lacks; pick one above 1023.`));
      else reject(error);
    });
    probe.listen({ port, host: LOOPBACK, exclusive: true }, () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
