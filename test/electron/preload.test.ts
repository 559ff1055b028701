// The preload, bundled exactly as scripts/build.js bundles it, run in a VM context with a
// stand-in for the two Electron objects it touches (no Electron binary here). Checks what the
// page gets: window.gameliftConnect with one invoke per contract method on main's channels and
// on(event) for contract events — nothing else, and never an IpcRendererEvent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventChannel, events, invokeChannel, methods, windowCommandChannel } from '../../preload/contract';
import { loadPreload } from './support/preload-vm';

const loadPreloadEchoing = () => loadPreload((channel) => Promise.resolve({ ok: true, value: channel }));

test('exposes window.gameliftConnect only, requiring nothing but electron', async () => {
  const loaded = await loadPreloadEchoing();
  assert.deepEqual([...loaded.exposed.keys()], ['gameliftConnect']);
  assert.deepEqual([...new Set(loaded.required)], ['electron']);
  const api = loaded.exposed.get('gameliftConnect');
  assert.ok(api);
  assert.deepEqual(Object.keys(api).sort(), [...Object.keys(methods), 'on', 'onWindowCommand', 'pathForFile'].sort());
  assert.ok(Object.isFrozen(api));
});

test('each method invokes main on the channel main registers, passing the input through', async () => {
  const loaded = await loadPreloadEchoing();
  const api = loaded.exposed.get('gameliftConnect');
  assert.ok(api);
  for (const method of Object.keys(methods) as Array<keyof typeof methods>) {
    const input = { probe: method };
    const result: unknown = await api[method]?.(input);
    assert.deepEqual(result, { ok: true, value: invokeChannel(method) });
    assert.deepEqual(loaded.invokes.at(-1), { channel: invokeChannel(method), args: [input] });
  }
});

test('on(event) delivers the payload only, unsubscribes, and refuses unknown events', async () => {
  const loaded = await loadPreloadEchoing();
  const api = loaded.exposed.get('gameliftConnect');
  const on = api?.on;
  assert.ok(on);
  for (const event of Object.keys(events) as Array<keyof typeof events>) {
    const got: unknown[][] = [];
    const off = on(event, (...args: unknown[]) => got.push(args)) as () => void;
    const channel = loaded.listeners.get(eventChannel(event));
    assert.equal(channel?.size, 1, event);
    for (const fn of channel) fn({ sender: 'ipcRenderer would leak here' }, { hello: event });
    assert.deepEqual(got, [[{ hello: event }]]);
    off();
    assert.equal(loaded.listeners.get(eventChannel(event))?.size, 0);
  }
  assert.throws(() => on('ipc-message', () => undefined), /unknown event/);
  assert.throws(() => on('__proto__', () => undefined), /unknown event/);
  assert.throws(() => on('sessionChanged', 'not a function' as never), /listener must be a function/);
});

test('onWindowCommand: commands from main are checked against the contract, kept until the page listens, then delivered as they come', async () => {
  const loaded = await loadPreloadEchoing();
  const onWindowCommand = loaded.exposed.get('gameliftConnect')?.onWindowCommand;
  assert.ok(onWindowCommand);
  const fleetId = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
  // Before any listener (the window was just created by a notification's click): kept.
  loaded.deliver(windowCommandChannel('openTarget'), { fleetId, computeName: 'i-0123', action: 'shell' });
  loaded.deliver(windowCommandChannel('openTarget'), { fleetId: 'not a fleet', action: 'shell' }); // dropped
  loaded.deliver(windowCommandChannel('openTarget'), { fleetId, action: 'shell', extra: 'field' }); // dropped: strict
  loaded.deliver(windowCommandChannel('openFind'), {});
  // Objects made in the preload's VM context: compared as plain data.
  const targets: unknown[][] = [];
  const off = onWindowCommand('openTarget', (...args: unknown[]) => targets.push(JSON.parse(JSON.stringify(args)))) as () => void;
  assert.deepEqual(targets, [[{ fleetId, computeName: 'i-0123', action: 'shell' }]]);
  loaded.deliver(windowCommandChannel('openTarget'), { fleetId, action: 'show' });
  assert.deepEqual(targets.at(-1), [{ fleetId, action: 'show' }]);
  // Another command's queue is its own.
  const finds: unknown[] = [];
  onWindowCommand('openFind', (command: unknown) => finds.push(JSON.parse(JSON.stringify(command))));
  assert.deepEqual(finds, [{}]);
  off();
  loaded.deliver(windowCommandChannel('openTarget'), { fleetId, action: 'show' });
  assert.equal(targets.length, 2, 'no delivery after unsubscribing');
  assert.throws(() => onWindowCommand('openShell', () => undefined), /unknown window command/);
  assert.throws(() => onWindowCommand('openFind', 'x' as never), /listener must be a function/);
});

test("pathForFile: a dropped file's path from webUtils, '' for anything else (and never a throw)", async () => {
  const loaded = await loadPreloadEchoing();
  const pathForFile = loaded.exposed.get('gameliftConnect')?.pathForFile;
  assert.ok(pathForFile);
  assert.equal(pathForFile({ diskPath: '/home/u/build.zip' }), '/home/u/build.zip');
  assert.equal(pathForFile({ name: 'made-in-the-page.txt' }), '');
  assert.equal(pathForFile(null), '');
});
