// `gamelift-connect shell <fleet-id> <compute-name>`: an interactive shell on a compute, with the
// local terminal in raw mode. Exits with the remote EXIT_CODE when the agent sends one, else 0.
import type { Command, CommandContext } from '../command';
import { resolveComputeTarget, validateComputeIds } from '../compute-access';
import { awsFailure, CliError, ExitCode, isAwsError } from '../cli-error';
import { startShellSession } from '../../daemon/ssm/shell-session';
import { deferInterrupts, INTERRUPTED_EXIT } from '../interrupts';
import type { ShellExit, ShellSession } from '../../daemon/ssm/shell-session';

/** What the plugin reports when stdout is not a terminal. */
const NO_TTY_SIZE = { cols: 300, rows: 100 };

export const shellCommand: Command = {
  name: 'shell',
  summary: 'Open a shell on a compute (Session Manager, no plugin needed).',
  usage: '<fleet-id> <compute-name>',
  async run(context) {
    const { fleetId, computeName } = validateComputeIds(context.positionals[0], context.positionals[1]);
    const startup = deferInterrupts();
    let session: ShellSession;
    try {
      session = await openShell(context, fleetId, computeName);
    } finally {
      startup.release();
    }
    if (startup.interrupted) {
      await session.terminate();
      return INTERRUPTED_EXIT;
    }
    const exit = await attachTerminal(session, context);
    if (exit.by === 'error') {
      context.stderr.write(`\r\ngamelift-connect: session ${session.sessionId} ended: ${exit.reason}\r\n`);
      return ExitCode.Failure;
    }
    // The plain end of a shell says nothing; anything else (idle timeout, terminated elsewhere) is worth a line.
    if (context.global.verbose || !/^Exiting session/.test(exit.reason)) context.stderr.write(`\r\n${exit.reason}\r\n`);
    return exit.exitCode ?? ExitCode.Ok;
  },
};

async function openShell(context: CommandContext, fleetId: string, computeName: string): Promise<ShellSession> {
  const target = await resolveComputeTarget(context.global, fleetId, computeName);
  const stdout = context.stdout;
  return startShellSession({
    ssm: target.ssm,
    kms: target.kms,
    target: target.target,
    refreshSsmClient: target.refreshSsmClient,
    size: stdout.isTTY ? { cols: stdout.columns, rows: stdout.rows } : NO_TTY_SIZE,
    ...(context.global.verbose ? { log: (m: string) => context.stderr.write(`${m}\n`) } : {}),
  }).catch((error: unknown) => {
    if (isAwsError(error)) awsFailure(error, { service: 'ssm', operation: 'StartSession', computeName, region: target.region, profile: context.global.profile });
    throw new CliError(`could not start a shell on ${computeName}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Wires stdin/stdout/signals to the session until it ends; restores the terminal after. */
function attachTerminal(session: ShellSession, context: CommandContext): Promise<ShellExit> {
  const stdin = process.stdin;
  const stdout = context.stdout;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  const onInput = (chunk: Buffer) => {
    if (!session.write(chunk)) stdin.pause();
  };
  const onDrain = () => stdin.resume();
  const onResize = () => session.resize(stdout.columns, stdout.rows);
  // Piped input that ends is a Ctrl-D at the remote prompt, so `echo cmd | gamelift-connect shell …` finishes.
  const onEnd = () => session.write(Buffer.from([0x04]));
  // In raw mode Ctrl-C arrives as the byte 0x03; with piped stdin the signal is turned into it, as the plugin does.
  const onInterrupt = () => session.write(Buffer.from([0x03]));
  const onTerminate = () => void session.terminate();
  stdin.on('data', onInput);
  if (!raw) stdin.once('end', onEnd);
  session.on('drain', onDrain);
  // Output a slow terminal or pipe has not taken yet: above 8 MiB the session stops reading more.
  session.setOutputBacklog(() => stdout.writableLength + context.stderr.writableLength);
  const onOutputDrained = () => session.outputDrained();
  stdout.on('drain', onOutputDrained);
  context.stderr.on('drain', onOutputDrained);
  session.on('data', (data) => stdout.write(data));
  session.on('stderr', (data) => context.stderr.write(data));
  session.on('notice', (message) => context.stderr.write(`${message}\r\n`));
  if (stdout.isTTY) stdout.on('resize', onResize); // SIGWINCH on Unix, console events on Windows
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onTerminate);
  return new Promise((resolve) => {
    const finish = (exit: ShellExit) => {
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      stdin.pause();
      if (raw) stdin.setRawMode(false);
      stdout.off('resize', onResize);
      stdout.off('drain', onOutputDrained);
      context.stderr.off('drain', onOutputDrained);
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      process.off('SIGHUP', onTerminate);
      resolve(exit);
    };
    if (session.exited) finish(session.exited);
    else session.once('exit', finish);
  });
}
