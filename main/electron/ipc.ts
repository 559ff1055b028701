// The IPC surface, generated from the contract's method map: one handler per method, each
// checking the sender (sender-guard.ts) and handing the raw input to the daemon's dispatcher,
// which validates it against the contract — one place, shared with the local WebSocket API.
// Results cross as Wire values so error codes and hints survive the context bridge.
import type { IpcMain, WebContents } from 'electron';
import { eventChannel, invokeChannel, methodNames, type MethodName, type Wire } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';
import { isTrustedSender, type InvokeEventLike, type TrustPolicy } from './sender-guard';

const refused: Wire<never> = {
  ok: false,
  error: { code: 'AccessDenied', message: 'This window may not call GameLift Connect.' },
};

/** The handler body for one method, without Electron: testable as a plain function. */
export function guardedCall(daemon: Pick<DaemonPort, 'dispatch'>, policy: TrustPolicy, method: MethodName) {
  return async (event: InvokeEventLike, input: unknown): Promise<Wire<unknown>> => {
    if (!isTrustedSender(event, policy)) return refused;
    return daemon.dispatch(method, input);
  };
}

export function registerIpc(ipcMain: IpcMain, daemon: DaemonPort, policy: TrustPolicy): () => void {
  for (const method of methodNames) ipcMain.handle(invokeChannel(method), guardedCall(daemon, policy, method));
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(invokeChannel(method));
  };
}

/** Forwards every daemon event to a window (the renderer checks payloads against the contract). */
export function forwardEvents(daemon: DaemonPort, contents: WebContents): () => void {
  return daemon.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
  });
}
