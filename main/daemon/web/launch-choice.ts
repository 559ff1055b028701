// What `npm start` does, as plain decisions (bin/start.js acts on them; Electron's main asks the
// sandbox question too): run the Electron app when its binary and a display exist, else the same
// UI in web mode; open on the sandbox when the user has no AWS identity configured.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronCheck = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * Finds the Electron binary without requiring the `electron` package (whose index.js would try
 * to download a missing binary).
 */
export function findElectron(electronDir: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, exists: (path: string) => boolean = existsSync, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ElectronCheck {
  if (!exists(join(electronDir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = join(electronDir, 'path.txt');
  const relative = exists(pathFile) ? read(pathFile).trim() : null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const binary = relative ? join(dist, relative) : null;
  if (!binary || !exists(binary)) return { ok: false, reason: 'the Electron binary was not downloaded on this machine' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { ok: false, reason: 'there is no graphical display (DISPLAY/WAYLAND_DISPLAY unset)' };
  return { ok: true, binary };
}

/**
 * Whether to open on the sandbox: GAMELIFT_CONNECT_SANDBOX=1/0 decides; otherwise the sandbox
 * when no AWS identity is configured (no profile in the shared files, no credentials in the
 * environment), so a first start shows a working app rather than an error.
 */
export function shouldOpenSandbox(env: Readonly<Record<string, string | undefined>>, profileCount: number): boolean {
  if (env.GAMELIFT_CONNECT_SANDBOX === '1') return true;
  if (env.GAMELIFT_CONNECT_SANDBOX === '0') return false;
  const fromEnvironment = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];
  if (fromEnvironment.some((name) => env[name])) return false;
  return profileCount === 0;
}
