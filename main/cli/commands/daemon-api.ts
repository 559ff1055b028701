// How the CLI's commands reach the contract: through the running daemon's local API when there is
// one (sessions then may outlive the command), otherwise through a Daemon in this process. Either
// way the command holds the contract's one client (createClient): the same validated dispatcher
// answers, events arrive through the same `on`, so output and errors are identical.
import { ConnectError, type ConnectClient, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from '../../../preload/contract';
import { connectToDaemon } from '../../daemon/api/client';
import { inProcessClient } from '../../daemon/api/in-process';
import { Daemon } from '../../daemon/daemon';
import type { CommandContext } from '../command';
import { CliError } from '../cli-error';
import { followLog } from '../log-follow';
import { logMirror } from '../log-mirror';

export interface ApiHandle {
  /** Any contract method; a refusal is a CliError with the daemon's message and hint (exit 1). */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** A contract event, its payload checked against the contract; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** 'daemon': sessions live in the running daemon; 'in-process': they end with this command. */
  mode: 'daemon' | 'in-process';
  /** Settles if the connection to the running daemon is lost; never in-process. */
  lost: Promise<void>;
  /**
   * Ends a session this command opened, whatever happened to the connection: after a lost one it
   * asks the running daemon again on a new connection. Never throws; false if it could not.
   */
  endSession(sessionId: string): Promise<boolean>;
  close(): Promise<void>;
}

const explicitIdentity = (context: CommandContext): boolean =>
  typeof context.options.profile === 'string' || typeof context.options.region === 'string' || typeof context.options['endpoint-url'] === 'string';

function handle(client: ConnectClient, mode: ApiHandle['mode'], lost: Promise<void>, close: () => Promise<void>): ApiHandle {
  let connectionLost = false;
  void lost.then(() => (connectionLost = true));
  const endOn = async (on: Pick<ConnectClient, 'call'>, sessionId: string) => {
    await on.call('endSession', { sessionId });
    return true;
  };
  return {
    mode,
    lost,
    call: (method, input) => client.call(method, input).catch(asCliError),
    on: (event, listener) => client.on(event, listener),
    async endSession(sessionId) {
      const ended = await endOn(client, sessionId).catch(() => false);
      if (ended || mode !== 'daemon' || !connectionLost) return ended;
      const again = await connectToDaemon();
      if (!again) return false;
      try {
        return await endOn(again, sessionId).catch(() => false);
      } finally {
        again.close();
      }
    },
    close,
  };
}

export async function openApi(context: CommandContext): Promise<ApiHandle> {
  // Flags naming another identity must not silently retarget the daemon the app is using.
  const client = explicitIdentity(context) ? null : await connectToDaemon();
  if (client) {
    let closing = false;
    const lost = client.closed.then(() => (closing ? new Promise<void>(() => undefined) : undefined));
    // --verbose: the running daemon's log, from now on, on stderr (in-process, logMirror does it).
    const logFile = context.global.verbose ? (await client.api.call('getStatus', {}).catch(() => null))?.logFile : null;
    const follower = logFile ? await followLog(logFile, (text) => void context.stderr.write(text)) : null;
    // A call that waits for an IAM Identity Center sign-in says so, once per sign-in, instead of hanging silently.
    const noticed = new Set<string>();
    const stopNotices = client.api.on('signInNeeded', (needed) => {
      const key = needed.ssoSession ?? needed.startUrl;
      if (noticed.has(key)) return;
      noticed.add(key);
      const login = needed.ssoSession ? `--sso-session ${needed.ssoSession}` : `--profile ${needed.profiles[0] ?? '<profile>'}`;
      context.stderr.write(`Waiting for a sign-in to ${needed.ssoSession ? `sso-session ${needed.ssoSession}` : needed.startUrl}${needed.accountId ? ` (account ${needed.accountId})` : ''}: sign in from the window, or run "gamelift-connect login ${login}".\n`);
    });
    return handle(client.api, 'daemon', lost, async () => {
      stopNotices();
      closing = true;
      await follower?.stop();
      client.close();
    });
  }
  const { profile, region, endpoints } = context.global;
  // A one-shot command's daemon watches no fleet events: nobody would see its notifications.
  // Nobody can sign in to a one-shot command's daemon while it waits: a call needing a sign-in fails at once (SignInNeeded, its hint says how).
  const daemon = await Daemon.start({ profile, region, endpoints, watchEvents: false, signInWaitMs: 0, ...logMirror(context) });
  return handle(inProcessClient(daemon), 'in-process', new Promise<void>(() => undefined), () => daemon.stop());
}

/** A refusal as the CLI reports it: the daemon's message and hint, exit 1. */
export function asCliError(err: unknown): never {
  throw err instanceof ConnectError ? new CliError(err.message, 1, err.hint, err.code) : err;
}

/** Runs fn with an API handle, closing it afterwards. */
export async function withApi<T>(context: CommandContext, fn: (api: ApiHandle) => Promise<T>): Promise<T> {
  const api = await openApi(context);
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** Fixed-width columns for terminal tables. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n';
}
