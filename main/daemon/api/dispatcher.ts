// The one place where calls from outside are checked: method name against the contract, input
// against its schema, result against its schema. Both transports (the local WebSocket API and
// Electron IPC) call through here. Malformed input and unknown methods become InvalidInput; any
// other failure becomes an ApiError without stack traces: the details (stack included) go to the
// daemon's log, whose file the error names.
import { methods, type MethodName, type Wire } from '../../../preload/contract';
import type { DaemonApi } from '../daemon';
import { DaemonError, toApiError } from '../errors';
import type { Logger } from '../log/logger';

export type Dispatch = (method: string, input: unknown) => Promise<Wire<unknown>>;

const isMethod = (name: string): name is MethodName => Object.hasOwn(methods, name);

export function createDispatcher(api: DaemonApi, log: Logger): Dispatch {
  return async (method, input) => {
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { code: 'InvalidInput', message: `Unknown method: ${String(method).slice(0, 64)}` } };
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return { ok: false, error: { code: 'InvalidInput', message: `Invalid input for ${method}${where}: ${issue?.message ?? 'malformed'}` } };
    }
    try {
      const handler = api[method] as (input: unknown) => Promise<unknown>;
      const value = spec.output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof DaemonError) return { ok: false, error: err.toApiError() };
      log.error('api', `internal error in ${method}`, { method }, err);
      return { ok: false, error: toApiError(err, log.file) };
    }
  };
}
