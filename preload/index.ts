// The preload bridge: exposes window.gameliftConnect and nothing else. One invoke per contract
// method (resolving to a Wire result) and on(event) for contract events. It holds no logic: main
// checks the sender and the daemon validates every input; the renderer checks every output.
// Runs sandboxed: it may require only `electron`; the contract is bundled in (scripts/build.js).
// Channel prefixes match main/electron/channels.ts (test/electron/preload.test.ts checks).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { events, methods, type EventName, type MethodName } from './contract';

const INVOKE_PREFIX = 'gameliftConnect:call:';
const EVENT_PREFIX = 'gameliftConnect:event:';

const bridge: Record<string, unknown> = {};

for (const method of Object.keys(methods) as MethodName[]) {
  bridge[method] = (input: unknown) => ipcRenderer.invoke(INVOKE_PREFIX + method, input);
}

bridge.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!Object.hasOwn(events, event)) throw new Error(`unknown event: ${String(event)}`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  // Never hand the IpcRendererEvent (and with it ipcRenderer) to the page: payload only.
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(EVENT_PREFIX + event, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_PREFIX + event, handler);
  };
};

contextBridge.exposeInMainWorld('gameliftConnect', Object.freeze(bridge));
