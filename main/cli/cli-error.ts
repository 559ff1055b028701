// Errors the CLI reports as one line (plus an optional hint) and an exit code.

export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Failure,
    readonly hint?: string,
    /** The contract's error code when the daemon refused (PortClosed, NotFound, …). */
    readonly code?: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.Usage, 'Run "gamelift-connect help" for usage.');
  }
}

export function describeError(error: unknown): { message: string; hint?: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) };
  // The daemon's own errors (a web mode or daemon that could not start) carry a hint as well.
  const hint = (error as { hint?: unknown } | null)?.hint;
  if (error instanceof Error && typeof hint === 'string' && hint) return { message: error.message, exitCode: ExitCode.Failure, hint };
  return { message: error instanceof Error ? error.message : String(error), exitCode: ExitCode.Failure };
}
