// Errors the CLI reports as one line (plus an optional hint) and an exit code.
import { mapAwsError } from '../daemon/aws/errors';
import type { AwsCallContext } from '../daemon/aws/errors';
import { DaemonError } from '../daemon/errors';

export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode: number = ExitCode.Failure, readonly hint?: string) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.Usage, 'Run "gamelift-connect help" for usage.');
  }
}

/** Rethrows an AWS SDK error as a CliError that says what to do about it. */
export function awsFailure(error: unknown, context: AwsCallContext): never {
  const mapped = mapAwsError(error, context);
  throw new CliError(mapped.message, ExitCode.Failure, mapped.hint);
}

/** An error from an AWS SDK call (it carries response metadata). */
export function isAwsError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { $metadata?: unknown }).$metadata === 'object';
}

export function describeError(error: unknown): { message: string; hint?: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) };
  if (error instanceof DaemonError) return { message: error.message, exitCode: ExitCode.Failure, ...(error.hint ? { hint: error.hint } : {}) };
  return { message: error instanceof Error ? error.message : String(error), exitCode: ExitCode.Failure };
}
