// Where the daemon keeps its files: the app data dir (vault index and log, never secrets) and the runtime
// dir (the local API's port and token file). Both can be overridden for tests and portable installs.
import { homedir } from 'node:os';
import { join } from 'node:path';

const APP = 'gamelift-connect';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GAMELIFT_CONNECT_DATA_DIR) return env.GAMELIFT_CONNECT_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'GameLift Connect');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'GameLift Connect');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), APP);
}

/** $XDG_RUNTIME_DIR is per-user, tmpfs and 0700 where it exists; otherwise the data dir. */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GAMELIFT_CONNECT_RUNTIME_DIR) return env.GAMELIFT_CONNECT_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, APP);
  return appDataDir(env, platform);
}

export const vaultIndexPath = (dataDir: string): string => join(dataDir, 'vault-index.json');
/** The daemon's log (main/daemon/log/), rotated beside itself as `.1`, `.2`. */
export const logFilePath = (dataDir: string): string => join(dataDir, 'logs', 'gamelift-connect.log');
export const apiRuntimeFile = (dir: string): string => join(dir, 'daemon.json');
