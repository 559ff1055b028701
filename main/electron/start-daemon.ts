// Starts the daemon inside the Electron main process: the same web-mode stack the browser uses
// (daemon + local API on 127.0.0.1, which also serves the renderer so `gamelift-connect web` and
// the CLI can reach this daemon), on the sandbox when asked. IPC goes through the daemon's
// contract dispatcher — the one that validates every local API call.
import { createDispatcher } from '../daemon/api/dispatcher';
import type { Clipboard } from '../daemon/daemon';
import { startSandboxProcess } from '../daemon/web/sandbox-process';
import { startWebMode } from '../daemon/web/web-mode';
import type { DaemonPort } from './daemon-port';

export async function startDaemon(opts: {
  rendererRoot: string;
  /** The project root, where the development sandbox's emulator lives; null when packaged. */
  sandboxRoot: string | null;
  openExternal: (url: string) => Promise<boolean>;
  /** Opens an IAM Identity Center sign-in page in the default browser (the daemon checks the URL first). */
  openSignInUrl: (url: string) => Promise<boolean>;
  /** The app's clipboard (Electron's), for copyRdpPassword. */
  clipboard?: Clipboard;
}): Promise<DaemonPort> {
  const root = opts.sandboxRoot;
  const web = await startWebMode({
    rendererRoot: opts.rendererRoot,
    ...(root ? { sandbox: () => startSandboxProcess(root) } : {}),
    daemon: { openExternal: opts.openExternal, openSignInUrl: opts.openSignInUrl, ...(opts.clipboard ? { clipboard: opts.clipboard } : {}) },
  });
  const dispatch = createDispatcher(web.daemon.api, web.daemon.log);
  return {
    dispatch: (method, input) => dispatch(method, input),
    subscribe: (listener) => web.daemon.events.subscribe(listener),
    close: () => web.close(),
  };
}
