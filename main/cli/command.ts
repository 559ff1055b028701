// What a CLI command is. Adding one is one file in commands/ plus one line in commands/index.ts.
import type { GlobalOptions } from './global-options';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: false }>;

export interface CommandContext {
  global: GlobalOptions;
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Arguments and options, e.g. "<fleet-id> <compute-name> [--json]". */
  usage: string;
  options?: OptionSpec;
  /** Resolves to the process exit code. */
  run(context: CommandContext): Promise<number>;
}
