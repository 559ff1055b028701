// Web mode: the daemon's local API and the built renderer on one loopback origin, so a browser
// tab is the app. Used by `gamelift-connect web`, by `npm start` where Electron cannot run, and by
// the UI tests. The printed URL carries the token in its fragment (#token=…): browsers never send
// fragments to servers, and the page moves it into sessionStorage and out of the address bar.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonClient } from '../api/client';
import { readRuntimeFile } from '../api/runtime-file';
import { serveDaemon } from '../api/serve';
import { Daemon, type DaemonOptions } from '../daemon';
import { apiRuntimeFile, runtimeDir as defaultRuntimeDir } from '../paths';
import { memoryKeychain } from './memory-keychain';
import type { Sandbox } from './sandbox';
import { writeSandboxAwsFiles } from './sandbox-aws-files';
import { rendererHandler } from './web-server';

export interface WebModeOptions {
  /** The built renderer (dist/renderer). */
  rendererRoot: string;
  /**
   * Run against the emulator instead of AWS: sandbox.ts's startSandbox (in process) or
   * sandbox-process.ts's (a child). A starter, so the emulator is loaded only where asked for.
   */
  sandbox?: () => Promise<Sandbox>;
  /** The loopback port to listen on; default: any free port. */
  port?: number;
  /** Extra daemon options (tests: settings, an RDP launcher, a keychain service). */
  daemon?: Partial<DaemonOptions>;
  /** Where the runtime file goes; the sandbox defaults to a private temp dir. */
  runtimeDir?: string;
}

export interface WebMode {
  /** Open this in a browser: http://127.0.0.1:<port>/#token=… */
  url: string;
  port: number;
  daemon: Daemon;
  sandbox: Sandbox | null;
  close(): Promise<void>;
}

export const webUrl = (port: number, token: string): string => `http://127.0.0.1:${port}/#token=${encodeURIComponent(token)}`;

export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const sandbox = options.sandbox ? await options.sandbox() : null;
  // The sandbox gets private data and runtime dirs: it must not replace a real daemon's runtime file.
  const scratch = sandbox ? await mkdtemp(join(tmpdir(), 'gamelift-connect-sandbox-')) : null;
  let daemon: Daemon | null = null;
  try {
    const awsFiles = sandbox && scratch ? await writeSandboxAwsFiles(join(scratch, 'aws'), sandbox.ssoSession) : null;
    daemon = await Daemon.start({
      ...(sandbox && scratch ? { sandbox: sandbox.identity, dataDir: scratch, keychain: memoryKeychain() } : {}),
      ...(awsFiles ? { awsFiles } : {}),
      ...options.daemon,
      settings: { ...sandbox?.settings, ...options.daemon?.settings },
    });
    const server = await serveDaemon(daemon, {
      httpHandler: rendererHandler(options.rendererRoot),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(scratch ? { runtimeDir: options.runtimeDir ?? join(scratch, 'run') } : options.runtimeDir ? { runtimeDir: options.runtimeDir } : {}),
    });
    const running = daemon;
    return {
      url: webUrl(server.port, server.token),
      port: server.port,
      daemon: running,
      sandbox,
      async close() {
        await server.close();
        await running.stop();
        await sandbox?.close();
        if (scratch) await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await daemon?.stop();
    await sandbox?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

export type RunningDaemon =
  | { kind: 'none' }
  /** It serves the web UI too (the tray app's, another web mode): open this. */
  | { kind: 'with-ui'; url: string; pid: number }
  /** A daemon without the renderer (e.g. `gamelift-connect daemon`): it cannot host the page. */
  | { kind: 'api-only'; pid: number };

/** The daemon already running for this user, found through its runtime file. */
export async function findRunningDaemon(runtimeDir = defaultRuntimeDir()): Promise<RunningDaemon> {
  const info = await readRuntimeFile(apiRuntimeFile(runtimeDir));
  if (!info) return { kind: 'none' };
  try {
    const client = await DaemonClient.connect(`ws://127.0.0.1:${info.port}`, info.token);
    client.close();
  } catch {
    return { kind: 'none' }; // a stale file from a daemon that is gone
  }
  const page = await fetch(`http://127.0.0.1:${info.port}/`, { signal: AbortSignal.timeout(3_000) }).catch(() => null);
  const servesUi = Boolean(page?.ok && page.headers.get('content-type')?.startsWith('text/html'));
  return servesUi ? { kind: 'with-ui', url: webUrl(info.port, info.token), pid: info.pid } : { kind: 'api-only', pid: info.pid };
}
