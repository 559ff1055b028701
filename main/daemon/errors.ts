// The daemon's one error type: a contract ApiError (code + a message a user can act on) that can
// be thrown anywhere and crosses every transport as-is. Anything else that escapes becomes
// Internal with a generic message, so stack traces and stray details never leave the daemon.
import type { ApiError, ErrorCode } from '../../preload/contract';

export class DaemonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DaemonError';
  }

  toApiError(): ApiError {
    return this.hint ? { code: this.code, message: this.message, hint: this.hint } : { code: this.code, message: this.message };
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof DaemonError) return err.toApiError();
  return { code: 'Internal', message: 'The daemon hit an unexpected error; see its log for details.' };
}
