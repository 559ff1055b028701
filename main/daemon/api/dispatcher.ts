// The one place where calls from outside are checked: method name against the contract, input
// against its schema, result against its schema. Both transports (the local WebSocket API and
// Electron IPC) call through here. Malformed input and unknown methods become InvalidInput (the
// contract's checkCall, which the clients also apply before a call leaves, so both refuse alike); any
// other failure becomes an ApiError without stack traces: the details (stack included) go to the
// daemon's log, whose file the error names.
import { checkCall, methods, type Wire } from '../../../preload/contract';
import type { DaemonApi } from '../daemon';
import { DaemonError, toApiError } from '../errors';
import type { Logger } from '../log/logger';

export type Dispatch = (method: string, input: unknown) => Promise<Wire<unknown>>;

export function createDispatcher(api: DaemonApi, log: Logger): Dispatch {
  return async (method, input) => {
    const call = checkCall(method, input);
    if (!call.ok) return call;
    try {
      const handler = api[call.method] as (input: unknown) => Promise<unknown>;
      const value = methods[call.method].output.parse(await handler(call.input));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof DaemonError) return { ok: false, error: err.toApiError() };
      log.error('api', `internal error in ${method}`, { method }, err);
      return { ok: false, error: toApiError(err, log.file) };
    }
  };
}
