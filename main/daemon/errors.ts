// The daemon's one error type: a contract ApiError (code + a message a user can act on) that can
// be thrown anywhere and crosses every transport as-is. Anything else that escapes becomes
// Internal with a generic message naming the daemon's log file (where the details went), so stack
// traces and stray details never leave the daemon.
import type { ApiError, ErrorCode, SignInRef } from '../../preload/contract';

export class DaemonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    /** SignInNeeded: which IAM Identity Center sign-in the call waits for. */
    readonly signIn?: SignInRef,
  ) {
    super(message);
    this.name = 'DaemonError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...(this.signIn ? { signIn: this.signIn } : {}) };
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
