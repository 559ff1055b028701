// The preload, bundled exactly as scripts/build.js bundles it, run in a VM context with a
// stand-in for the two Electron objects it touches (no Electron binary here). Checks what the
// page gets: window.gameliftConnect with one invoke per contract method on main's channels and
// on(event) for contract events — nothing else, and never an IpcRendererEvent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventChannel, events, invokeChannel, methods } from '../../preload/contract';
import { loadPreload } from './support/preload-vm';

const loadPreloadEchoing = () => loadPreload((channel) => Promise.resolve({ ok: true, value: channel }));

test('exposes window.gameliftConnect only, requiring nothing but electron', async () => {
  const loaded = await loadPreloadEchoing();
  assert.deepEqual([...loaded.exposed.keys()], ['gameliftConnect']);
  assert.deepEqual([...new Set(loaded.required)], ['electron']);
  const api = loaded.exposed.get('gameliftConnect');
  assert.ok(api);
  assert.deepEqual(Object.keys(api).sort(), [...Object.keys(methods), 'on'].sort());
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
