// The platform clipboard tools the daemon uses in plain Node hosts (copyRdpPassword), for real:
// xclip and xsel on a private Xvfb screen. The text goes through stdin (no process running while
// it is on the clipboard has it in its command line), is read back, and is cleared after the
// guard's delay only if the clipboard still holds it. Tool choice by platform and session.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { ClipboardGuard, pickClipboardTool, platformClipboard, toolClipboard } from '../../../main/daemon/rdp/clipboard';
import { commandLinesWith } from '../../support/processes';
import { spawnService, stopService, type ServiceProcess } from '../../support/service-process';
import { waitFor } from '../../support/wait';

let xvfb: ServiceProcess;
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glc-clip-'));
  xvfb = spawnService('Xvfb', ['-displayfd', '1', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { cwd: dir });
  const display = await waitFor('Xvfb to report its display', () => /^(\d+)$/m.exec(xvfb.output())?.[1], 10_000);
  env = { ...process.env, DISPLAY: `:${display}` };
  delete env.WAYLAND_DISPLAY;
});
after(async () => {
  // The tools' background processes serving the selection go with the X server.
  if (xvfb) await stopService(xvfb);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const secret = () => `Pw-${randomBytes(12).toString('base64url')}`;

for (const tool of ['xclip', 'xsel'] as const) {
  test(`${tool}: writes through stdin, reads back, clears; the text is in no command line`, async () => {
    const clipboard = toolClipboard(tool, env);
    const password = secret();
    await clipboard.write(password);
    assert.equal(await clipboard.read!(), password);
    // Another program on the same screen sees it too (what the RDP client's paste gets).
    assert.equal(execFileSync('xclip', ['-selection', 'clipboard', '-out'], { env, encoding: 'utf8' }), password);
    assert.deepEqual(commandLinesWith(password), []);
    await clipboard.clear();
    assert.notEqual(await clipboard.read!().catch(() => ''), password);
  });
}

test('ClipboardGuard: clears after its delay while the clipboard still holds the copy, and leaves a newer copy alone', async () => {
  const clipboard = toolClipboard('xclip', env);
  const guard = new ClipboardGuard(() => clipboard, 400);
  const password = secret();
  assert.equal(await guard.copy(password), 0); // 400 ms, rounded
  assert.equal(await clipboard.read!(), password);
  await waitFor('the clipboard to be cleared', async () => ((await clipboard.read!().catch(() => '')) === password ? undefined : true), 5000);

  // The user copied something else meanwhile: it stays.
  const second = secret();
  await guard.copy(second);
  await clipboard.write('something the user copied');
  await new Promise((resolve) => setTimeout(resolve, 800));
  assert.equal(await clipboard.read!(), 'something the user copied');

  // flush() clears at once (the daemon stops).
  const third = secret();
  const slow = new ClipboardGuard(() => clipboard, 60_000);
  assert.equal(await slow.copy(third), 60);
  await slow.flush();
  assert.notEqual(await clipboard.read!().catch(() => ''), third);
});

test('a clipboard that cannot be read back is not cleared, and the guard says so (no clearsInSeconds)', async () => {
  const writes: string[] = [];
  const guard = new ClipboardGuard(() => ({ name: 'write-only', write: async (t) => void writes.push(t), clear: async () => void writes.push('<cleared>') }), 10);
  assert.equal(await guard.copy('pw'), undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await guard.flush();
  assert.deepEqual(writes, ['pw']);
});

test('tool choice: pbcopy on macOS, clip.exe on Windows, wl-copy on Wayland, xclip then xsel on X11; none without a session or a tool', () => {
  const all = () => true;
  assert.equal(pickClipboardTool('darwin', {}, all), 'pbcopy');
  assert.equal(pickClipboardTool('win32', {}, all), 'clip.exe');
  assert.equal(pickClipboardTool('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, all), 'wl-copy');
  assert.equal(pickClipboardTool('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, (b) => b === 'xsel'), 'xsel');
  assert.equal(pickClipboardTool('linux', { DISPLAY: ':0' }, all), 'xclip');
  assert.equal(pickClipboardTool('linux', { DISPLAY: ':0' }, (b) => b === 'xsel'), 'xsel');
  assert.equal(pickClipboardTool('linux', {}, all), undefined);
  assert.equal(pickClipboardTool('linux', { DISPLAY: ':0' }, () => false), undefined);
  assert.throws(() => platformClipboard('linux', { PATH: '' }), (e: Error & { code?: string; hint?: string }) => e.code === 'Unsupported' && /no DISPLAY/.test(e.message) && /xclip/.test(e.hint ?? ''));
  assert.throws(() => platformClipboard('linux', { PATH: '', DISPLAY: ':0' }), (e: Error & { code?: string }) => e.code === 'Unsupported' && /No clipboard tool/.test(e.message));
  assert.equal(platformClipboard('linux', env).name, 'xclip');
});
