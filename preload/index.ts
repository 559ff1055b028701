// The preload bridge: exposes window.gameliftConnect and nothing else. One invoke per contract
// method (resolving to a Wire result) and on(event) for contract events. It holds no logic: main
// checks the sender and the daemon validates every input; the renderer checks every output.
// Runs sandboxed: it may require only `electron`; the contract is bundled in (scripts/build.js).
// Channel names come from the contract, as main's (main/electron/ipc.ts) do.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, invokeChannel, isEventName, methodNames, type EventName } from './contract';

const bridge: Record<string, unknown> = {};

for (const method of methodNames) {
  bridge[method] = (input: unknown) => ipcRenderer.invoke(invokeChannel(method), input);
}

bridge.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  // Never hand the IpcRendererEvent (and with it ipcRenderer) to the page: payload only.
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(eventChannel(event), handler);
  return () => {
    ipcRenderer.removeListener(eventChannel(event), handler);
  };
};

contextBridge.exposeInMainWorld('gameliftConnect', Object.freeze(bridge));
