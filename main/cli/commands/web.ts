// `gamelift-connect web [--sandbox] [--port N] [--no-open]`: the app in a browser tab, opened in
// the default browser where there is one. Uses the daemon already running for this user (the tray
// app's) when there is one; otherwise starts a daemon here — against the local emulator with
// --sandbox — and serves until Ctrl-C. In a checkout the UI is built first when it is missing.
// The URL printed carries the daemon's token: it goes to this terminal and the browser only, never to a log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../cli-error';
import type { Command } from '../command';
import { openWithPlatform } from '../../daemon/open-external';
import { startSandbox } from '../../daemon/web/sandbox';
import { findRunningDaemon, startWebMode } from '../../daemon/web/web-mode';
import { ensureRendererBuilt, RENDERER_ROOT } from '../renderer-root';
import { logMirror } from '../log-mirror';

function parsePort(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError('--port takes a port number from 1 to 65535');
  return port;
}

export const webCommand: Command = {
  name: 'web',
  summary: 'Open the app in your browser (add --sandbox to try it on the local emulator).',
  usage: '[--sandbox] [--port N] [--no-open]',
  options: {
    sandbox: { type: 'boolean' },
    port: { type: 'string' },
    /** The default; kept so `web --open` from older scripts still works. */
    open: { type: 'boolean' },
    'no-open': { type: 'boolean' },
  },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError(`unexpected argument "${context.positionals[0]}"`);
    const port = parsePort(context.options.port);
    const sandbox = context.options.sandbox === true;
    const openBrowser = context.options['no-open'] !== true;
    const show = async (url: string) => {
      context.stdout.write(`${url}\n`);
      if (openBrowser && !(await openWithPlatform(url))) context.stderr.write('gamelift-connect: could not open a browser; open the URL above.\n');
    };

    // One daemon per user: reuse a running one that serves the UI; beside one that does not,
    // run this one privately so the running daemon keeps its runtime file (and the CLI its daemon).
    let privateRuntime: string | null = null;
    if (!sandbox && port === undefined) {
      const running = await findRunningDaemon();
      if (running.kind === 'with-ui') {
        context.stderr.write('GameLift Connect is already running; its window in your browser:\n');
        await show(running.url);
        return 0;
      }
      if (running.kind === 'api-only') {
        context.stderr.write(`A GameLift Connect daemon (pid ${running.pid}) runs without the web UI; starting a separate one for the browser.\n`);
        privateRuntime = await mkdtemp(join(tmpdir(), 'gamelift-connect-web-'));
      }
    }
    ensureRendererBuilt(context.stderr);

    const web = await startWebMode({
      rendererRoot: RENDERER_ROOT,
      ...(privateRuntime ? { runtimeDir: privateRuntime } : {}),
      ...(sandbox ? { sandbox: () => startSandbox() } : {}),
      ...(port !== undefined ? { port } : {}),
      daemon: { profile: context.global.profile, region: context.global.region, ...logMirror(context) },
    });
    context.stderr.write(
      sandbox
        ? 'GameLift Connect (sandbox: a local emulator, not your AWS account) — open:\n'
        : `GameLift Connect (${context.global.profile ?? 'default credentials'}, ${context.global.region}) — open:\n`,
    );
    await show(web.url);
    context.stderr.write('Press Ctrl-C to stop; open sessions end and their credentials are wiped.\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await web.close();
    if (privateRuntime) await rm(privateRuntime, { recursive: true, force: true });
    return 0;
  },
};
