/**
 * The preload as Electron would load it, without Electron: bundled exactly as scripts/build.js
 * bundles it, then run in a VM context whose `require('electron')` is a small stand-in with the
 * two objects a preload touches. What the preload exposes, and every IPC message it sends or
 * subscribes to, is recorded; `deliver` plays main's `webContents.send`.
 */
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';

type Fn = (...args: unknown[]) => unknown;

export interface PreloadVm {
  exposed: Map<string, Record<string, Fn>>;
  required: string[];
  invokes: Array<{ channel: string; args: unknown[] }>;
  listeners: Map<string, Set<Fn>>;
  /** Main → renderer: what webContents.send(channel, payload) would do. */
  deliver(channel: string, payload: unknown): void;
}

export async function loadPreload(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): Promise<PreloadVm> {
  const out = await build({
    entryPoints: ['preload/index.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome140',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const vm: PreloadVm = {
    exposed: new Map(),
    required: [],
    invokes: [],
    listeners: new Map(),
    deliver(channel, payload) {
      for (const fn of vm.listeners.get(channel) ?? []) fn({ sender: 'the IpcRendererEvent, which must not reach the page' }, payload);
    },
  };
  const electron = {
    // Electron's webUtils.getPathForFile: a File from the user's disk has a path, anything else ''.
    webUtils: { getPathForFile: (file: unknown) => (file && typeof file === 'object' && 'diskPath' in file ? String(file.diskPath) : '') },
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, Fn>) => vm.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        vm.invokes.push({ channel, args });
        return invoke(channel, ...args);
      },
      on: (channel: string, fn: Fn) => {
        if (!vm.listeners.has(channel)) vm.listeners.set(channel, new Set());
        vm.listeners.get(channel)?.add(fn);
      },
      removeListener: (channel: string, fn: Fn) => vm.listeners.get(channel)?.delete(fn),
    },
  };
  const module = { exports: {} };
  runInNewContext(out.outputFiles[0]?.text ?? '', {
    module,
    exports: module.exports,
    require: (name: string) => {
      vm.required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  return vm;
}
