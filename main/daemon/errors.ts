// The daemon's one error type: a contract ApiError (code + a message a user can act on) that can
// be thrown anywhere and crosses every transport as-is. Anything else that escapes becomes
// Internal with a generic message naming the daemon's log file (where the details went), so stack
// traces and stray details never leave the daemon.
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

/** `logFile`: where the daemon logged the details (Logger.file); named in the message when known. */
export function toApiError(err: unknown, logFile?: string | null): ApiError {
  if (err instanceof DaemonError) return err.toApiError();
  return {
    code: 'Internal',
    message: logFile ? `The daemon hit an unexpected error; see its log for details: ${logFile}` : 'The daemon hit an unexpected error.',
  };
}
