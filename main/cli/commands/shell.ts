// `gamelift-connect shell <fleet-id> <compute-name> [--container|--host] [--open-port]`: an
// interactive shell on a compute, opened by the daemon (the running one, or one started here) like
// a double-click in the window: routing by fleet (SSM for SDK 5 and containers, SSH for SDK 4
// Linux), the access limiter, the vault, renewal. This terminal attaches to the session through
// the contract (terminalData events; writeTerminal, resizeTerminal, ackTerminal), in raw mode on a
// TTY. Exits with the remote exit code when the session reports one, else 0; 1 when it failed.
import { TerminalAcks, type Session } from '../../../preload/contract';
import type { Command, CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { deferInterrupts, INTERRUPTED_EXIT } from '../interrupts';
import { SessionWatch } from '../session-watch';
import { targetArgs } from '../target-args';
import { openApi, type ApiHandle } from './daemon-api';

/** What the Session Manager plugin reports when stdout is not a terminal. */
const NO_TTY_SIZE = { cols: 300, rows: 100 };

/** This terminal's size (the shell starts at it and follows it), or the plugin's without one. */
function terminalSize(context: CommandContext): { cols: number; rows: number } {
  const stdout = context.stdout;
  return stdout.isTTY && stdout.columns > 0 && stdout.rows > 0 ? { cols: Math.min(1000, stdout.columns), rows: Math.min(1000, stdout.rows) } : NO_TTY_SIZE;
}
/** writeTerminal takes at most 64 KiB per call. */
const MAX_WRITE_BYTES = 64 * 1024;
/** The plain end of a shell (the agent's words, SSH's): not worth a line on stderr. */
const PLAIN_END = /^Exiting session|^the shell exited \(/;

export const shellCommand: Command = {
  name: 'shell',
  summary: 'Open a shell on a compute: SDK 5 over Session Manager (no plugin needed), SDK 4 Linux over SSH, containers in the game server.',
  usage: '<fleet-id> <compute-name> [--container | --host] [--open-port]',
  options: { container: { type: 'boolean' }, host: { type: 'boolean' }, 'open-port': { type: 'boolean' } },
  async run(context) {
    const { fleetId, computeName } = targetArgs(context.positionals[0], context.positionals[1]);
    if (context.positionals.length > 2) throw new UsageError(`unexpected argument "${context.positionals[2]}"`);
    if (context.options.container && context.options.host) throw new UsageError('--container and --host exclude each other');
    const shellIn = context.options.host ? 'host' : context.options.container ? 'container' : undefined;

    // Ctrl-C while the session is being set up ends it as soon as it exists.
    const startup = deferInterrupts();
    let api: ApiHandle | undefined;
    let watch: SessionWatch | undefined;
    let session: Session | undefined;
    try {
      api = await openApi(context);
      watch = new SessionWatch(api);
      session = await api.call('openShell', {
        fleetId,
        computeName,
        ...terminalSize(context),
        ...(shellIn ? { shellIn } : {}),
        ...(context.options['open-port'] === true ? { openInboundPort: true } : {}),
      }).catch((error: unknown) => {
        // The daemon's hint speaks of the window's question; here the answer is a flag.
        if (error instanceof CliError && error.code === 'PortClosed') {
          throw new CliError(error.message, ExitCode.Failure, 'Run again with --open-port to let GameLift Connect open the SSH port for this machine alone (/32) while the session lasts, or add the rule yourself.', error.code);
        }
        throw error;
      });
      if (startup.interrupted) return INTERRUPTED_EXIT;
      return await attachTerminal(api, watch, session, context, startup.release);
    } finally {
      startup.release();
      watch?.stop();
      // The session lasts as long as this command, in a running daemon too.
      if (api && session && !watch?.ended) await api.endSession(session.id);
      await api?.close();
    }
  },
};

/** Wires stdin, stdout and signals to the session until it ends; restores the terminal after. */
async function attachTerminal(api: ApiHandle, watch: SessionWatch, session: Session, context: CommandContext, releaseStartup: () => void): Promise<number> {
  const sessionId = session.id;
  const stdin = process.stdin;
  const { stdout, stderr } = context;
  const raw = stdin.isTTY === true;

  // Output: written as it arrives, acknowledged (by offset, as this process's own view) as stdout
  // takes it, so a slow terminal or pipe makes the daemon hold the shell back instead of queueing
  // here; while stdout is stalled the acknowledgement is repeated, so the daemon keeps holding.
  const acks = new TerminalAcks((upTo) => void api.call('ackTerminal', { sessionId, viewerId: `cli-${process.pid}`, upTo }).catch(() => undefined));
  watch.attach(sessionId, {
    onData: (bytes, offset) => {
      acks.arrivedUpTo(offset);
      stdout.write(bytes, () => acks.processedUpTo(offset));
    },
    onNotice: (text) => void stderr.write(`\r\ngamelift-connect: ${text}\r\n`),
  });

  // Input: in order, one call at a time; stdin pauses while calls are outstanding.
  const queue: Buffer[] = [];
  let sending = false;
  let inputEnded = false;
  const pump = async () => {
    if (sending) return;
    sending = true;
    while (queue.length > 0 && !watch.ended) {
      const chunk = queue.shift()!;
      await api.call('writeTerminal', { sessionId, data: chunk.toString('base64') }).catch(() => undefined);
    }
    queue.length = 0;
    sending = false;
    if (!inputEnded && !watch.ended) stdin.resume();
  };
  const send = (bytes: Buffer) => {
    for (let at = 0; at < bytes.length; at += MAX_WRITE_BYTES) queue.push(bytes.subarray(at, at + MAX_WRITE_BYTES));
    stdin.pause();
    void pump();
  };
  const onInput = (chunk: Buffer) => send(chunk);
  // Piped input that ends is a Ctrl-D at the remote prompt, so `echo cmd | gamelift-connect shell …` finishes.
  const onEnd = () => {
    inputEnded = true;
    send(Buffer.from([0x04]));
  };
  // In raw mode Ctrl-C arrives as the byte 0x03; with piped stdin the signal is turned into it, as the plugin does.
  const onInterrupt = () => send(Buffer.from([0x03]));
  let endedHere = false;
  const onTerminate = () => {
    endedHere = true;
    void api.call('endSession', { sessionId }).catch(() => undefined);
  };
  const onResize = () => void api.call('resizeTerminal', { sessionId, ...terminalSize(context) }).catch(() => undefined);

  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onTerminate);
  releaseStartup();
  if (raw) stdin.setRawMode(true);
  stdin.on('data', onInput);
  if (!raw) stdin.once('end', onEnd);
  if (stdout.isTTY) stdout.on('resize', onResize); // SIGWINCH on Unix, console events on Windows
  stdin.resume();

  try {
    const outcome = await Promise.race([watch.end(), api.lost.then(() => null)]);
    // Everything written is on its way out before the command reports and exits.
    await new Promise<void>((resolve) => stdout.write('', () => resolve()));
    acks.flush();
    if (!outcome) {
      stderr.write(`\r\ngamelift-connect: lost the connection to the daemon; session ${sessionId} ended\r\n`);
      return ExitCode.Failure;
    }
    const reason = outcome.session.endReason ?? 'ended';
    if (outcome.unexpected) {
      stderr.write(`\r\ngamelift-connect: session ${sessionId} ended: ${reason}\r\n`);
      return ExitCode.Failure;
    }
    // The plain end of a shell says nothing; anything else (idle timeout, ended elsewhere) is worth a line.
    if (context.global.verbose || (!endedHere && !PLAIN_END.test(reason))) stderr.write(`\r\n${reason}\r\n`);
    return outcome.session.exitCode ?? ExitCode.Ok;
  } finally {
    acks.dispose();
    stdin.off('data', onInput);
    stdin.off('end', onEnd);
    stdin.pause();
    if (raw) stdin.setRawMode(false);
    stdout.off('resize', onResize);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
    process.off('SIGHUP', onTerminate);
  }
}
