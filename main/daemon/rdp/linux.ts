// Linux: FreeRDP's xfreerdp, which reads the password from stdin (/from-stdin:force prompts before
// connecting), so it never shows in /proc/<pid>/cmdline.
import { spawn } from 'node:child_process';
import { DaemonError } from '../errors';
import type { LaunchedClient, RdpLaunch } from './launcher';

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
    ...extraArgs,
  ];
}

export async function launchXfreerdp(launch: RdpLaunch, opts: XfreerdpOptions = {}): Promise<LaunchedClient> {
  const child = spawn(opts.binary ?? 'xfreerdp', xfreerdpArgs(launch, opts.extraArgs), {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: opts.env ?? process.env,
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new DaemonError('Unsupported', `Could not start xfreerdp (${err.message}).`, 'Install FreeRDP (e.g. apt install freerdp2-x11).')));
  });
  // Domain is empty on the command line, so the prompts are: password only.
  child.stdin.on('error', () => {});
  child.stdin.end(launch.password ? `${launch.password}\n` : '\n');
  return { exited, kill: () => child.kill() };
}
