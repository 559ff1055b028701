// Starts the daemon inside the Electron main process and adapts it to DaemonPort.
// (Wired to main/daemon/daemon.ts and its dispatcher; see below.)
import type { DaemonPort } from './daemon-port';

export async function startDaemon(_opts: { openExternal: (url: string) => Promise<boolean> }): Promise<DaemonPort> {
  throw new Error('the daemon dispatcher has not landed yet');
}
