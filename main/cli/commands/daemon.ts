// `gamelift-connect daemon`: runs the connection daemon and its local API in the foreground (for
// the CLI, the web mode and headless use). Ctrl-C ends every session and wipes the vault.
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { logMirror } from '../log-mirror';
import { connectToDaemon } from '../../daemon/api/client';
import { serveDaemon } from '../../daemon/api/serve';
import { Daemon } from '../../daemon/daemon';
import { rendererHandler } from '../../daemon/web/web-server';
import { RENDERER_ROOT, rendererIsBuilt } from '../renderer-root';

export const daemonCommand: Command = {
  name: 'daemon',
  summary: 'Run the connection daemon and its local API (127.0.0.1, bearer token) until interrupted.',
  usage: '[--credential-lifetime SECONDS] [--auto-open-ports]',
  options: { 'credential-lifetime': { type: 'string' }, 'auto-open-ports': { type: 'boolean' } },
  async run(context) {
    const running = await connectToDaemon();
    if (running) {
      running.close();
      throw new CliError('A daemon is already running for this user.', 1, 'Use it (the CLI finds it), or stop it first.');
    }
    const lifetime = context.options['credential-lifetime'];
    if (lifetime !== undefined && !/^\d+$/.test(String(lifetime))) throw new CliError('--credential-lifetime takes whole seconds', 2);
    const { profile, region, endpoints } = context.global;
    const daemon = await Daemon.start({
      profile,
      region,
      endpoints,
      // In the foreground its errors show on stderr; with --verbose, every line of its log.
      ...logMirror(context, 'error'),
      settings: {
        ...(lifetime !== undefined ? { credentialLifetimeMs: Number(lifetime) * 1000 } : {}),
        ...(context.options['auto-open-ports'] === true ? { autoOpenInboundPorts: true } : {}),
      },
    });
    const served = await serveDaemon(daemon, {
      // With the UI built, `gamelift-connect web` opens this daemon's page instead of starting another.
      ...(rendererIsBuilt() ? { httpHandler: rendererHandler(RENDERER_ROOT) } : {}),
    });
    // One JSON line for scripts; the token stays in the runtime file.
    context.stdout.write(`${JSON.stringify({ port: served.port, runtimeFile: served.runtimeFile, pid: process.pid })}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await served.close();
    await daemon.stop();
    return 0;
  },
};
