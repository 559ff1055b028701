// The whole desktop IPC path without the Electron binary: the renderer's bridge client
// (renderer/src/api/bridge-api.ts) → the real preload bundle → main's generated handlers
// (ipc.ts: sender guard + the daemon's dispatcher) → a sandbox daemon, and daemon events back
// through forwardEvents to the page. Only Electron's own message passing is played by the test.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { IpcMain, WebContents } from 'electron';
import type { ConnectApi, Session } from '../../preload/contract';
import { createDispatcher } from '../../main/daemon/api/dispatcher';
import { Daemon } from '../../main/daemon/daemon';
import { memoryKeychain } from '../../main/daemon/web/memory-keychain';
import { startSandbox, type Sandbox } from '../../main/daemon/web/sandbox';
import type { DaemonPort } from '../../main/electron/daemon-port';
import { forwardEvents, registerIpc } from '../../main/electron/ipc';
import { APP_ORIGIN } from '../../main/electron/sender-guard';
import { bridgeApi, type ConnectBridge } from '../../renderer/src/api/bridge-api';
import { ConnectError } from '../../renderer/src/api/errors';
import { loadPreload, type PreloadVm } from './support/preload-vm';

const LINUX_FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const LINUX_COMPUTE = 'i-0a1f5c2e9b7d30001';

let sandbox: Sandbox;
let daemon: Daemon;
let dataDir: string;
let frameUrl = 'app://bundle/index.html';
let preload: PreloadVm;
let api: ConnectApi;
let stopEvents: () => void;

before(async () => {
  sandbox = await startSandbox();
  dataDir = await mkdtemp(join(tmpdir(), 'ipc-chain-'));
  daemon = await Daemon.start({ sandbox: sandbox.identity, dataDir, keychain: memoryKeychain(), settings: sandbox.settings });
  const dispatch = createDispatcher(daemon.api, daemon.log);
  const port: DaemonPort = { dispatch, subscribe: (l) => daemon.events.subscribe(l), close: () => daemon.stop() };

  // ipcMain.handle / ipcRenderer.invoke and webContents.send, as Electron carries them.
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const ipcMain = { handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn), removeHandler: (c: string) => handlers.delete(c) };
  registerIpc(ipcMain as unknown as IpcMain, port, { trustedContents: new Set([1]), trustedOrigins: new Set([APP_ORIGIN]) });
  preload = await loadPreload(async (channel, input) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // Structured clone both ways, as IPC does.
    return structuredClone(await handler({ sender: { id: 1 }, senderFrame: { url: frameUrl, parent: null } }, structuredClone(input)));
  });
  const contents = { isDestroyed: () => false, send: (channel: string, payload: unknown) => preload.deliver(channel, structuredClone(payload)) };
  stopEvents = forwardEvents(port, contents as unknown as WebContents);
  api = bridgeApi(preload.exposed.get('gameliftConnect') as unknown as ConnectBridge);
});
after(async () => {
  stopEvents?.();
  await daemon?.stop();
  await sandbox?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a call goes renderer → preload → guarded handler → daemon and back, typed', async () => {
  const status = await api.getStatus({});
  assert.equal(status.sandbox, true);
  const { targets } = await api.listTargets({ fleetId: LINUX_FLEET });
  assert.ok(targets.some((t) => t.computeName === LINUX_COMPUTE));
});

test('a shell over IPC: events reach the page, output comes back through terminalData', async () => {
  const states: Session['state'][] = [];
  let output = '';
  const offState = api.on('sessionChanged', (s) => states.push(s.state));
  const offData = api.on('terminalData', (d) => (output += Buffer.from(d.data, 'base64').toString()));
  const session = await api.openShell({ fleetId: LINUX_FLEET, computeName: LINUX_COMPUTE });
  await api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo "over-ipc-$((2*21))"\n').toString('base64') });
  const deadline = Date.now() + 15_000;
  while (!output.includes('over-ipc-42') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(output, /over-ipc-42/);
  await api.endSession({ sessionId: session.id });
  offState();
  offData();
  assert.ok(states.includes('active'), states.join(' → '));
});

test('daemon errors cross with their code and hint; the renderer sees a ConnectError', async () => {
  await assert.rejects(api.endSession({ sessionId: 'gc-nothere' }), (e: ConnectError) => e instanceof ConnectError && e.code === 'NotFound');
});

test('a frame that navigated elsewhere is refused before the daemon sees the call', async () => {
  frameUrl = 'https://evil.example/';
  try {
    await assert.rejects(api.listFleets({}), (e: ConnectError) => e.code === 'AccessDenied');
  } finally {
    frameUrl = 'app://bundle/index.html';
  }
});
