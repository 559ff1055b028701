// One error type for the whole UI: whatever went wrong (the daemon refused, the transport broke,
// a response did not match the contract) reaches a view as the contract's ConnectError, with
// words to show.
import { ApiError, ConnectError } from '../../../preload/contract';

export { ConnectError };

/** Any thrown value as a ConnectError, so views never show "[object Object]" or a stack. */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const parsed = ApiError.safeParse(error);
  if (parsed.success) return new ConnectError(parsed.data);
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectError({ code: 'Internal', message: message || 'Something went wrong.' });
}
