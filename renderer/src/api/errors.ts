// One error type for the whole UI: whatever went wrong (the daemon refused, the transport broke,
// a response did not match the contract) reaches a view as a ConnectError with words to show.
import { ApiError, type ErrorCode } from '../../../preload/contract';

export class ConnectError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ConnectError';
    this.code = error.code;
    this.hint = error.hint;
  }
}

/** Any thrown value as a ConnectError, so views never show "[object Object]" or a stack. */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const parsed = ApiError.safeParse(error);
  if (parsed.success) return new ConnectError(parsed.data);
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectError({ code: 'Internal', message: message || 'Something went wrong.' });
}
