// The preload bridge: exposes window.gameliftConnect and nothing else. One invoke per contract
// method (resolving to a Wire result), on(event) for contract events, pathForFile(file) for a file
// dropped on the window, and onWindowCommand(name)
// for what the tray and notifications ask of the window (contract.ts windowCommands). It holds no logic: main
// checks the sender and the daemon validates every input; the renderer checks every output.
// Runs sandboxed: it may require only `electron`; the contract is bundled in (scripts/build.js).
// Channel names come from the contract, as main's (main/electron/ipc.ts) do.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  eventChannel,
  invokeChannel,
  isEventName,
  isWindowCommandName,
  methodNames,
  windowCommandChannel,
  windowCommandNames,
  windowCommands,
  type EventName,
  type WindowCommandName,
} from './contract';

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

// Window commands (the tray's "Find…", a notification's click) may arrive before the page has
// subscribed: each is checked against the contract and kept (a few, newest) until the first
// listener for its name takes them. Listening starts here, before any page script runs.
const MAX_PENDING = 8;
const pending = new Map<WindowCommandName, unknown[]>();
const commandListeners = new Map<WindowCommandName, Set<(command: unknown) => void>>();
for (const name of windowCommandNames) {
  pending.set(name, []);
  commandListeners.set(name, new Set());
  ipcRenderer.on(windowCommandChannel(name), (_event: IpcRendererEvent, payload: unknown) => {
    const parsed = windowCommands[name].safeParse(payload);
    if (!parsed.success) return; // dropped, never half-trusted
    const listeners = commandListeners.get(name)!;
    if (listeners.size === 0) {
      const queue = pending.get(name)!;
      queue.push(parsed.data);
      if (queue.length > MAX_PENDING) queue.shift();
      return;
    }
    for (const listener of listeners) listener(parsed.data);
  });
}

bridge.onWindowCommand = (name: WindowCommandName, listener: (command: unknown) => void): (() => void) => {
  if (!isWindowCommandName(name)) throw new Error(`unknown window command: ${String(name)}`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  const listeners = commandListeners.get(name)!;
  listeners.add(listener);
  for (const command of pending.get(name)!.splice(0)) listener(command);
  return () => {
    listeners.delete(listener);
  };
};

// A file dropped on the window (the Files panel's upload) as the local path the daemon copies from:
// since Electron 32 a File carries no path, and only the preload may ask for it. '' for anything
// that is not a file from the user's disk.
bridge.pathForFile = (file: File): string => {
  try {
    const path = webUtils.getPathForFile(file);
    return typeof path === 'string' ? path : '';
  } catch {
    return '';
  }
};

contextBridge.exposeInMainWorld('gameliftConnect', Object.freeze(bridge));
