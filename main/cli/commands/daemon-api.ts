// How the CLI's daemon commands reach the contract: through the running daemon's local API when
// there is one (sessions then outlive the command), otherwise through a Daemon in this process.
// Either way the same validated dispatcher answers, so output and errors are identical.
import { ConnectError, type MethodInput, type MethodName, type MethodOutput } from '../../../preload/contract';
import { connectToDaemon } from '../../daemon/api/client';
import { createDispatcher } from '../../daemon/api/dispatcher';
import { Daemon } from '../../daemon/daemon';
import type { CommandContext } from '../command';
import { CliError } from '../cli-error';
import { logMirror } from '../log-mirror';

export interface ApiHandle {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** 'daemon': sessions live in the running daemon; 'in-process': they end with this command. */
  mode: 'daemon' | 'in-process';
  onEvent?: Daemon['events'];
  close(): Promise<void>;
}

const explicitIdentity = (context: CommandContext): boolean =>
  typeof context.options.profile === 'string' || typeof context.options.region === 'string' || typeof context.options['endpoint-url'] === 'string';

export async function openApi(context: CommandContext): Promise<ApiHandle> {
  // Flags naming another identity must not silently retarget the daemon the app is using.
  const client = explicitIdentity(context) ? null : await connectToDaemon();
  if (client) {
    return {
      mode: 'daemon',
      call: (method, input) => client.call(method, input).catch(asCliError),
      close: async () => client.close(),
    };
  }
  const { profile, region, endpoints } = context.global;
  const daemon = await Daemon.start({ profile, region, endpoints, ...logMirror(context) });
  const dispatch = createDispatcher(daemon.api, daemon.log);
  return {
    mode: 'in-process',
    onEvent: daemon.events,
    call: async <M extends MethodName>(method: M, input: MethodInput<M>) => {
      const result = await dispatch(method, input);
      if (!result.ok) throw new CliError(result.error.message, 1, result.error.hint);
      return result.value as MethodOutput<M>;
    },
    close: () => daemon.stop(),
  };
}

/** A running daemon's refusal as the CLI reports it: the daemon's message and hint, exit 1. */
export function asCliError(err: unknown): never {
  throw err instanceof ConnectError ? new CliError(err.message, 1, err.hint) : err;
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
