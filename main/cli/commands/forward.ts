// `gamelift-connect forward <fleet-id> <compute-name> <remote-port>`: a loopback port forwarded to
// a port on the compute (or on --host, reached from it) until Ctrl-C, which ends the session.
import type { Command } from '../command';
import { resolveComputeTarget, validateComputeIds } from '../compute-access';
import { awsFailure, CliError, ExitCode, isAwsError, UsageError } from '../cli-error';
import { startPortForward } from '../../daemon/ssm/port-forward';
import { listenLocal, PortInUseError } from '../../daemon/ssm/local-listener';
import type { ChannelClosed } from '../../daemon/ssm/data-channel';
import { deferInterrupts, INTERRUPTED_EXIT } from '../interrupts';

const LOOPBACK = '127.0.0.1';

export const forwardCommand: Command = {
  name: 'forward',
  summary: 'Forward a local port to a port on a compute until interrupted.',
  usage: '<fleet-id> <compute-name> <remote-port> [--local-port N] [--host H] [--json]',
  options: {
    'local-port': { type: 'string' },
    host: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context) {
    const { fleetId, computeName } = validateComputeIds(context.positionals[0], context.positionals[1]);
    const remotePort = parsePort(context.positionals[2], 'remote port', 1);
    const localPort = context.options['local-port'] === undefined ? 0 : parsePort(String(context.options['local-port']), '--local-port', 0);
    const host = typeof context.options.host === 'string' && context.options.host !== '' ? context.options.host : undefined;
    if (context.positionals.length > 3) throw new UsageError(`unexpected argument "${context.positionals[3]}"`);
    // Fail on a taken port before asking GameLift for access (rate-limited) or starting a session.
    if (localPort !== 0) await assertPortFree(localPort);
    const startup = deferInterrupts();
    const target = await resolveComputeTarget(context.global, fleetId, computeName).catch((error: unknown) => {
      startup.release();
      throw error;
    });
    if (startup.interrupted) {
      startup.release();
      return INTERRUPTED_EXIT;
    }
    const verbose = context.global.verbose;
    const forward = await startPortForward({
      ssm: target.ssm,
      kms: target.kms,
      target: target.target,
      refreshSsmClient: target.refreshSsmClient,
      remotePort,
      localPort,
      localHost: LOOPBACK,
      ...(host ? { remoteHost: host } : {}),
      log: (message) => {
        if (verbose) context.stderr.write(`${message}\n`);
      },
    }).finally(() => startup.release()).catch((error: unknown) => {
      if (error instanceof PortInUseError) throw error;
      if (isAwsError(error)) awsFailure(error, { service: 'ssm', operation: 'StartSession', computeName, region: target.region, profile: context.global.profile });
      throw new CliError(`could not forward to ${computeName}:${remotePort}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (startup.interrupted) {
      await forward.close();
      return INTERRUPTED_EXIT;
    }
    forward.on('log', (message) => {
      if (!verbose && /destination port failed/.test(message)) context.stderr.write(`gamelift-connect: ${message}\n`);
    });
    if (context.options.json) context.stdout.write(`${JSON.stringify({ localPort: forward.localPort, sessionId: forward.sessionId })}\n`);
    else context.stdout.write(`Forwarding ${LOOPBACK}:${forward.localPort} to ${host ?? computeName}:${remotePort} (session ${forward.sessionId}). Press Ctrl-C to stop.\n`);

    const ended = await new Promise<ChannelClosed>((resolve) => {
      const stop = () => void forward.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.once('SIGHUP', stop);
      forward.once('closed', (info) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.off('SIGHUP', stop);
        resolve(info);
      });
    });
    if (ended.by === 'error') {
      context.stderr.write(`gamelift-connect: forward ended: ${ended.reason}\n`);
      return ExitCode.Failure;
    }
    if (ended.by === 'service') context.stderr.write(`gamelift-connect: ${ended.reason}\n`);
    return ExitCode.Ok;
  },
};

function parsePort(text: string | undefined, what: string, min: number): number {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < min || port > 65535) throw new UsageError(`${what} must be a number from ${min} to 65535, got "${text}"`);
  return port;
}

/** Binds the port as the forward will (PortInUseError if taken) and lets it go again. */
async function assertPortFree(port: number): Promise<void> {
  const probe = await listenLocal(LOOPBACK, port, (socket) => socket.destroy());
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
