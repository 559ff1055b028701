// Linux: FreeRDP's xfreerdp, which reads the password from stdin (/from-stdin:force prompts before
// connecting), so it never shows in /proc/<pid>/cmdline. Without a login to hand over (SDK 5, where
// no GameLift API issues one) Remmina is preferred when installed: it asks in a window, which
// xfreerdp cannot do without a terminal; a shared folder needs xfreerdp's /drive, so with one
// xfreerdp is launched either way. Both clients' stderr is kept (its tail, redacted) to say why a
// connection failed.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DaemonError } from '../errors';
import { collectErrorOutput, exitCodeOf } from './client-output';
import type { LaunchedClient, RdpLaunch } from './launcher';

/**
 * xfreerdp's exit codes for an ending nobody needs warning of (FreeRDP's xf_exit_code): 0 the
 * window closed, 2 signed out of Windows, 11 disconnected from the Start menu, 12 signed out
 * (ERRINFO_LOGOFF_BY_USER). Everything else is a failure: 1 the server disconnected, 128 and up
 * the client's own (arguments, connection, authentication…).
 */
const XFREERDP_CLOSED_NORMALLY = new Set([0, 2, 11, 12]);

export interface XfreerdpOptions {
  binary?: string;
  /** Extra arguments, e.g. '+auth-only' for a login check without a window. */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export function xfreerdpArgs(launch: RdpLaunch, extraArgs: string[] = []): string[] {
  return [
    `/v:${launch.host}:${launch.port}`,
    ...(launch.username ? [`/u:${launch.username}`, '/d:', '/from-stdin:force'] : []),
    // GameLift instances and our own forwards present self-signed certificates.
    '/cert:ignore',
    // The name is [A-Za-z0-9_-] and the path has no comma (prepareFolderShare): one argument, no shell.
    ...(launch.share ? [`/drive:${launch.share.name},${launch.share.path}`] : []),
    ...extraArgs,
  ];
}

export async function launchXfreerdp(launch: RdpLaunch, opts: XfreerdpOptions = {}): Promise<LaunchedClient> {
  const child = spawn(opts.binary ?? 'xfreerdp', xfreerdpArgs(launch, opts.extraArgs), {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: opts.env ?? process.env,
  });
  const errorOutput = collectErrorOutput(child.stderr, launch.password);
  const exited = exitCodeOf(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new DaemonError('Unsupported', `Could not start xfreerdp (${err.message}).`, 'Install FreeRDP (e.g. apt install freerdp2-x11).')));
  });
  // Domain is empty on the command line, so the prompts are: password only.
  child.stdin.on('error', () => {});
  child.stdin.end(launch.password ? `${launch.password}\n` : '\n');
  return {
    name: 'xfreerdp',
    exited,
    lifetime: 'connection',
    closedNormally: (code) => code !== null && XFREERDP_CLOSED_NORMALLY.has(code),
    errorOutput,
    kill: () => child.kill(),
  };
}

const onPath = (binary: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

export async function launchLinuxRdp(launch: RdpLaunch): Promise<LaunchedClient> {
  if (launch.password || launch.share || !onPath('remmina')) return launchXfreerdp(launch);
  const child = spawn('remmina', ['-c', `rdp://${launch.username ? `${encodeURIComponent(launch.username)}@` : ''}${launch.host}:${launch.port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const errorOutput = collectErrorOutput(child.stderr);
  const exited = exitCodeOf(child);
  // A Remmina already running takes the connection over and this process exits at once.
  return { name: 'Remmina', exited, lifetime: 'hand-over', closedNormally: (code) => code === 0, errorOutput, kill: () => child.kill() };
}
