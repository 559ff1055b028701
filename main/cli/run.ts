// Argument parsing and dispatch: `gamelift-connect [global flags] <command> [args] [flags]`.
import { parseArgs } from 'node:util';
import { commands, findCommand } from './commands/index';
import type { Command } from './command';
import { describeError, ExitCode, UsageError } from './cli-error';
import { GLOBAL_OPTIONS, resolveGlobalOptions } from './global-options';

export interface CliStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runCli(argv: string[], streams: CliStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const at = commandIndex(argv);
    const name = at < 0 ? undefined : argv[at]!;
    if (!name || name === 'help') {
      const topic = name === 'help' ? argv[at + 1] : undefined;
      streams.stdout.write(topic ? commandHelp(findCommandOrThrow(topic)) : overview());
      return ExitCode.Ok;
    }
    const command = findCommandOrThrow(name);
    const rest = argv.filter((_, i) => i !== at);
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
    }
    const options = parsed.values as Record<string, string | boolean | undefined>;
    if (options.help) {
      streams.stdout.write(commandHelp(command));
      return ExitCode.Ok;
    }
    return await command.run({ global: await resolveGlobalOptions(options), positionals: parsed.positionals, options, ...streams });
  } catch (error) {
    const { message, hint, exitCode } = describeError(error);
    streams.stderr.write(`gamelift-connect: ${message}\n${hint ? `  ${hint}\n` : ''}`);
    return exitCode;
  }
}

/** The first positional argument, skipping the values of global flags given before it. */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) return i;
    const spec = GLOBAL_OPTIONS[arg.replace(/^--?/, '')];
    if (spec?.type === 'string' && !arg.includes('=')) i++;
  }
  return -1;
}

function findCommandOrThrow(name: string): Command {
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  return command;
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: gamelift-connect <command> [arguments] [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global flags: --profile NAME  --region REGION  --endpoint-url URL (GameLift)',
    '              --ssm-endpoint-url URL  --kms-endpoint-url URL  --verbose',
    'The standard AWS environment variables apply (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_*, …).',
    'Run "gamelift-connect help <command>" for a command\'s arguments.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: gamelift-connect ${command.name} ${command.usage}\n\n${command.summary}\n`;
}
