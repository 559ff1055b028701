// Adapts the native Session Manager client (main/daemon/ssm/) to the session manager's seam: one
// SSM and one KMS client per transport, in the location Region, signing with the session's
// credential source (read at every call, so renewals need no new client), channel states mapped
// to session states, and failures mapped to ApiErrors.
import { kmsClientFor, ssmClientFor } from '../aws/clients';
import { mapAwsError } from '../aws/errors';
import { DaemonError } from '../errors';
import type { Logger } from '../log/logger';
import { PortInUseError, startPortForward, startShellSession, type ChannelState } from '../ssm/index';
import { TERMINAL_OUTPUT_HIGH_WATER, type Connection, type ConnectionEvents } from '../transport/connection';
import type { SsmConnector, SsmForwardSpec, SsmShellSpec, SsmTargetSpec } from './ssm-seam';

/** How often a forward's byte counters are sampled for the session record. */
const FORWARD_SAMPLE_MS = 1000;

function target(spec: SsmTargetSpec, log: Logger) {
  return {
    log: (message: string) => log.info('ssm', message, { target: spec.target, region: spec.region }),
    ssm: ssmClientFor(spec.region, spec.credentials, spec.endpoints),
    kms: kmsClientFor(spec.region, spec.credentials, spec.endpoints),
    target: spec.target,
    reason: 'GameLift Connect',
  };
}

/** The transport's clients, once its session is over (TerminateSession was their last call). */
function release(t: ReturnType<typeof target>): void {
  t.ssm.destroy();
  t.kms.destroy();
}

function startFailure(err: unknown, spec: SsmTargetSpec): DaemonError {
  if (err instanceof DaemonError) return err;
  if (err instanceof PortInUseError) return new DaemonError('PortInUse', err.message, 'Pick another local port, or leave it empty for any free port.');
  if (typeof (err as { $metadata?: unknown }).$metadata === 'object') {
    return mapAwsError(err, { service: 'ssm', operation: 'StartSession', region: spec.region });
  }
  return new DaemonError('Unreachable', `Could not open the Session Manager channel to ${spec.target}: ${(err as Error).message}`);
}

/** Channel states → session events: a lost WebSocket is "reconnecting" until ResumeSession succeeds. */
function followState(events: ConnectionEvents): (state: ChannelState) => void {
  let wasReconnecting = false;
  return (state) => {
    if (state === 'reconnecting') {
      wasReconnecting = true;
      events.reconnecting();
    } else if (state === 'connected' && wasReconnecting) {
      wasReconnecting = false;
      events.reconnected();
    }
  };
}

async function openShell(spec: SsmShellSpec, events: ConnectionEvents, log: Logger): Promise<Connection> {
  const t = target(spec, log);
  const shell = await startShellSession({
    ...t,
    ...(spec.documentName ? { documentName: spec.documentName } : {}),
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    size: { cols: spec.cols ?? 120, rows: spec.rows ?? 32 },
    receiveFlow: { highWater: TERMINAL_OUTPUT_HIGH_WATER },
  }).catch((err: unknown) => {
    release(t);
    throw startFailure(err, spec);
  });
  let closing = false;
  const onData = (chunk: Buffer) => {
    events.bytes(chunk.length, 0);
    events.data(chunk);
  };
  shell.on('data', onData);
  shell.on('stderr', onData);
  shell.on('state', followState(events));
  shell.on('exit', (exit) => {
    if (!closing) events.ended(exit.reason || 'the shell ended', { ...(exit.exitCode !== null ? { exitCode: exit.exitCode } : {}), unexpected: exit.by === 'error' });
  });
  return {
    write(data) {
      events.bytes(0, data.length);
      return shell.write(data);
    },
    drained: () => new Promise<void>((resolve) => {
      const done = () => {
        shell.off('drain', done);
        shell.off('exit', done);
        resolve();
      };
      shell.on('drain', done);
      shell.on('exit', done);
    }),
    resize: (cols, rows) => shell.resize(cols, rows),
    setOutputBacklog: (backlog) => shell.setOutputBacklog(backlog),
    outputDrained: () => shell.outputDrained(),
    async close() {
      closing = true;
      await shell.terminate().catch((err: unknown) => log.warn('ssm', 'could not terminate the shell session', { target: spec.target }, err));
      release(t);
    },
  };
}

async function openForward(spec: SsmForwardSpec, events: ConnectionEvents, log: Logger): Promise<Connection & { localPort: number }> {
  const t = target(spec, log);
  const forward = await startPortForward({
    ...t,
    remotePort: spec.remotePort,
    ...(spec.remoteHost ? { remoteHost: spec.remoteHost } : {}),
    ...(spec.localPort ? { localPort: spec.localPort } : {}),
  }).catch((err: unknown) => {
    release(t);
    throw startFailure(err, spec);
  });
  let closing = false;
  let seenIn = 0;
  let seenOut = 0;
  const sample = setInterval(() => {
    events.bytes(forward.bytesIn - seenIn, forward.bytesOut - seenOut);
    seenIn = forward.bytesIn;
    seenOut = forward.bytesOut;
  }, FORWARD_SAMPLE_MS);
  sample.unref();
  forward.on('state', followState(events));
  forward.on('connection', () => events.connections(forward.connections));
  forward.on('connectionClosed', (_id, error) => {
    events.connections(forward.connections);
    if (error) events.refused(error);
  });
  forward.on('closed', (info) => {
    clearInterval(sample);
    // A forward the service closed (idle timeout, terminated elsewhere) is worth a notification: nobody watches it.
    if (!closing) events.ended(info.reason || 'the forward ended', { unexpected: info.by !== 'user', by: info.by === 'error' ? 'failure' : 'remote' });
  });
  return {
    localPort: forward.localPort,
    async close() {
      closing = true;
      clearInterval(sample);
      await forward.close().catch((err: unknown) => log.warn('ssm', 'could not close the port forward', { target: spec.target, remotePort: spec.remotePort }, err));
      release(t);
    },
  };
}

/** The native client, its diagnostics (drops, resumes, refused frames) into the daemon's log as `[ssm]`. */
export function nativeSsmConnector(log: Logger): SsmConnector {
  return {
    openShell: (spec, events) => openShell(spec, events, log),
    openForward: (spec, events) => openForward(spec, events, log),
  };
}
