// The Files panel on a server SDK 4 Linux instance: the daemon lists and copies over SFTP to a real
// local OpenSSH (test/support/sshd.ts) with the key the emulator's GetInstanceAccess issues, so the
// "instance" is this machine and every byte is checked on disk. The page is a browser tab (web
// mode): uploads go the way a tab's can, its bytes staged with the daemon (stageUpload).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { startSshd, type Sshd } from '../support/sshd';
import { eventually, FLEETS, openApp, type App, UI_TEST } from './support/app';

const SDK4_FLEET = 'legacy-linux-sdk4';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

let sshd: Sshd;
let app: App;
/** The instance's folder the test works in, and this machine's downloads folder. */
let remoteDir: string;
let downloads: string;
const openedFolders: string[] = [];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

before(async () => {
  sshd = await startSshd();
  remoteDir = await mkdtemp(join(tmpdir(), 'glc-ui-files-remote-'));
  downloads = await mkdtemp(join(tmpdir(), 'glc-ui-files-downloads-'));
  app = await openApp({
    emulator: { sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } },
    daemon: {
      settings: { directEndpoints: { [INSTANCE]: { ssh: { host: sshd.host, port: sshd.port, username: sshd.user } } } },
      downloadsDir: downloads,
      // No file manager runs headless: the folder the daemon would open is recorded instead.
      openFolder: async (dir) => {
        openedFolders.push(dir);
        return true;
      },
    },
  });
});
after(async () => {
  await app?.close();
  await sshd?.stop();
  for (const dir of [remoteDir, downloads]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** The panel for the instance, its port opened for this address on the user's click, showing `remoteDir`. */
async function openFilesAt(dir: string): Promise<Locator> {
  const { page } = app;
  await app.pickFleet(SDK4_FLEET);
  await page.locator(`.target-row[data-compute="${INSTANCE}"]`).click();
  await page.locator('.pane-footer').getByRole('button', { name: 'Files', exact: true }).click();
  const panel = page.getByRole('region', { name: `Files on ${INSTANCE}` });
  const closed = panel.locator('.error-note[data-code="PortClosed"]');
  await closed.waitFor({ timeout: 30_000 });
  await closed.getByRole('button', { name: 'Open it for my address' }).click();
  await panel.locator('.files-path [aria-current="location"]').waitFor({ timeout: 30_000 });
  // Down from the root by double-clicks, as a user would.
  await panel.locator('.files-path').getByRole('button', { name: '/', exact: true }).click();
  await panel.locator('.files-path [aria-current="location"]', { hasText: /^\/$/ }).waitFor({ timeout: 30_000 });
  for (const part of dir.split('/').filter(Boolean)) {
    await panel.locator(`.file-row[data-name="${part}"]`).dblclick();
    await panel.locator('.files-path [aria-current="location"]', { hasText: part }).waitFor({ timeout: 30_000 });
  }
  return panel;
}

const rowNames = (panel: Locator) => panel.locator('.file-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
const transfer = (panel: Locator, name: string) => panel.locator('.transfer', { has: panel.page().locator('.transfer-name', { hasText: name }) }).first();

// The tests below run in order on one page: the panel the first opens stays open for the next.
let panel: Locator;
let list: Locator;
const hello = randomBytes(300_000);

test('the folder: folders first in natural name order, sizes, Enter enters and Backspace leaves', UI_TEST, async () => {
  await writeFile(join(remoteDir, 'hello.bin'), hello);
  await writeFile(join(remoteDir, 'file10.txt'), 'ten');
  await writeFile(join(remoteDir, 'file2.txt'), 'two');
  await writeFile(join(remoteDir, 'gone.txt'), 'soon deleted');
  await mkdir(join(remoteDir, 'logs'));
  await mkdir(join(remoteDir, 'old'));
  await writeFile(join(remoteDir, 'logs', 'game.log'), 'started\n');
  // Sparse: large enough to be caught mid-copy, with no disk spent on the instance's side.
  await writeFile(join(remoteDir, 'huge.bin'), '');
  await truncate(join(remoteDir, 'huge.bin'), 4 * 1024 * 1024 * 1024);

  panel = await openFilesAt(remoteDir);
  const { page } = app;

  // Folders first, names as people read them.
  assert.deepEqual(await rowNames(panel), ['logs', 'old', 'file2.txt', 'file10.txt', 'gone.txt', 'hello.bin', 'huge.bin']);
  assert.match(await panel.locator('.file-row[data-name="hello.bin"] .size').innerText(), /^293 KB$/);

  // The keyboard: Enter enters the folder under the cursor, Backspace goes back up.
  list = panel.getByRole('listbox', { name: `Folder ${remoteDir}`, exact: true });
  await list.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await panel.getByRole('listbox', { name: `Folder ${remoteDir}/logs`, exact: true }).waitFor();
  assert.deepEqual(await rowNames(panel), ['game.log']);
  await page.keyboard.press('Backspace');
  await list.waitFor();
});

test('download: bytes on disk, Show in folder, Overwrite offered when it exists; a vanished file or folder said where it happened', UI_TEST, async () => {
  // Download by double-click: the bytes land in the downloads folder, and its folder can be shown.
  await panel.locator('.file-row[data-name="hello.bin"]').dblclick();
  const saved = transfer(panel, 'hello.bin');
  await saved.locator('.transfer-done').waitFor({ timeout: 30_000 });
  assert.match(await saved.innerText(), new RegExp(`Saved 293 KB to ${join(downloads, 'hello.bin').replace(/[/.]/g, '\\$&')}`));
  assert.equal(sha256(await readFile(join(downloads, 'hello.bin'))), sha256(hello));
  await saved.getByRole('button', { name: 'Show in folder' }).click();
  await eventually(async () => openedFolders, (f) => f.length === 1, 10_000, 'the downloads folder opened');
  assert.deepEqual(openedFolders, [downloads]);

  // Again, after the instance's copy changed: it exists here, so the panel offers to overwrite it.
  const changed = randomBytes(1000);
  await writeFile(join(remoteDir, 'hello.bin'), changed);
  await panel.locator('.file-row[data-name="hello.bin"]').dblclick();
  const refused = panel.locator('.transfer[data-state="failed"]');
  await refused.waitFor({ timeout: 30_000 });
  assert.match(await refused.innerText(), /hello\.bin already exists\./);
  assert.doesNotMatch(await refused.innerText(), /--overwrite/, 'no command-line flags in the window');
  assert.equal(sha256(await readFile(join(downloads, 'hello.bin'))), sha256(hello), 'the first download is kept until the user says otherwise');
  await refused.getByRole('button', { name: 'Overwrite' }).click();
  await eventually(async () => sha256(await readFile(join(downloads, 'hello.bin'))), (s) => s === sha256(changed), 30_000, 'the overwritten download');
  await transfer(panel, 'hello.bin').locator('.transfer-done').waitFor();

  // A file gone since the listing: said where it happened, nothing written.
  await rm(join(remoteDir, 'gone.txt'));
  await panel.locator('.file-row[data-name="gone.txt"]').dblclick();
  const missing = transfer(panel, 'gone.txt').locator('.error-note[data-code="NotFound"]');
  await missing.waitFor({ timeout: 30_000 });
  assert.match(await missing.innerText(), /gone\.txt does not exist on the instance/);
  assert.ok(!existsSync(join(downloads, 'gone.txt')));

  // A folder gone since the listing: said above the list, which stays as it was.
  await rm(join(remoteDir, 'old'), { recursive: true });
  await panel.locator('.file-row[data-name="old"]').dblclick();
  const noFolder = panel.locator('.error-note[data-code="NotFound"]', { hasText: 'Could not list the folder' });
  await noFolder.waitFor({ timeout: 30_000 });
  assert.match(await noFolder.innerText(), /old/);
  await list.waitFor();
  await noFolder.getByRole('button', { name: 'Dismiss' }).click();
});

test('upload by Upload… (several stageUpload chunks) and by a drop; the same name again: refused, then Overwrite', UI_TEST, async () => {
  // Upload with the picker: 1.5 MiB, so its bytes go to the daemon in several chunks.
  const picked = randomBytes(1536 * 1024 + 3);
  await panel.getByLabel('Files to upload').setInputFiles({ name: 'picked build.bin', mimeType: 'application/octet-stream', buffer: picked });
  await transfer(panel, 'picked build.bin').locator('.transfer-done').waitFor({ timeout: 60_000 });
  assert.equal(sha256(await readFile(join(remoteDir, 'picked build.bin'))), sha256(picked));
  await panel.locator('.file-row[data-name="picked build.bin"]').waitFor({ timeout: 15_000 }); // the folder is listed again
  const stagedCalls = app.apiCalls.filter((c) => c.method === 'stageUpload');
  assert.equal(stagedCalls.length, 4, 'three full 512 KiB chunks and the rest');

  // Upload by dropping a file on the panel, as a drag from the desktop does.
  await panel.evaluate((element) => {
    // The page's DOM classes (this file is type-checked without the DOM library).
    const dom = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string, options: { type: string }) => unknown;
      DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => Event;
    };
    const data = new dom.DataTransfer();
    data.items.add(new dom.File(['dropped on the panel\n'], 'dropped.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) element.dispatchEvent(new dom.DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await transfer(panel, 'dropped.txt').locator('.transfer-done').waitFor({ timeout: 30_000 });
  assert.equal(await readFile(join(remoteDir, 'dropped.txt'), 'utf8'), 'dropped on the panel\n');

  // The same name again: refused, then overwritten on the user's click.
  await panel.getByLabel('Files to upload').setInputFiles({ name: 'dropped.txt', mimeType: 'text/plain', buffer: Buffer.from('second\n') });
  const exists = panel.locator('.transfer[data-state="failed"]', { hasText: 'dropped.txt' });
  await exists.waitFor({ timeout: 30_000 });
  assert.match(await exists.innerText(), /already exists on the instance/);
  await exists.getByRole('button', { name: 'Overwrite' }).click();
  await eventually(() => readFile(join(remoteDir, 'dropped.txt'), 'utf8'), (t) => t === 'second\n', 30_000, 'the overwritten upload');
});

test('cancel a large download under way: progress with rate and time left, then nothing kept, and no local path ever sent by the page', UI_TEST, async () => {
  await panel.locator('.file-row[data-name="huge.bin"]').dblclick();
  const running = transfer(panel, 'huge.bin');
  const progress = await eventually(
    () => running.locator('.transfer-progress').innerText().catch(() => ''),
    (t) => /^\d[\d.]* [KMG]?B of 4\.0 GB · [\d.]+ [KMG]?B\/s · .+ left$/.test(t),
    60_000,
    'progress with a rate and the time left',
  );
  assert.ok(progress);
  assert.equal(await running.getByRole('progressbar').getAttribute('max'), String(4 * 1024 * 1024 * 1024));
  await running.getByRole('button', { name: 'Cancel' }).click();
  await running.locator('.transfer-cancelled').waitFor({ timeout: 30_000 });
  assert.deepEqual((await readdir(downloads)).sort(), ['hello.bin'], 'no huge.bin, no .part file');
  assert.ok(!app.apiCalls.some((c) => c.method === 'downloadFile' || c.method === 'uploadFile'), 'the page never names a local path');
  assert.deepEqual(app.problems, []);
});


test('Collect diagnostics: one .tar.gz in the downloads folder, with progress, and its folder shown', UI_TEST, async () => {
  await panel.getByRole('button', { name: 'Collect diagnostics' }).click();
  const collected = transfer(panel, `Diagnostics of ${INSTANCE}`);
  await collected.locator('.transfer-done').waitFor({ timeout: 120_000 });
  const archive = (await readdir(downloads)).find((f) => f.startsWith('gamelift-diagnostics-'));
  assert.ok(archive, `an archive in ${downloads}`);
  assert.match(archive, /\.tar\.gz$/);
  assert.match(await collected.innerText(), new RegExp(`Saved .+ to ${join(downloads, archive).replace(/[/.]/g, '\\$&')}`));
  const gz = await readFile(join(downloads, archive));
  assert.deepEqual([...gz.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
  assert.ok(app.apiCalls.some((c) => c.method === 'collectDiagnostics' && !('outDir' in (c.input as object))), 'the page named no folder');
  await collected.getByRole('button', { name: 'Show in folder' }).click();
  await eventually(async () => openedFolders.length, (n) => n === 2, 10_000, 'the folder opened');
  assert.equal(openedFolders[1], downloads);
  assert.deepEqual(app.problems, []);
});

test('a container compute: the panel lists inside the game server container first, then on the host when picked', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.containers);
  const row = page.locator('.target-row').first();
  const compute = await row.getAttribute('data-compute');
  await row.click();
  await page.locator('.pane-footer').getByRole('button', { name: 'Files', exact: true }).click();
  const panel = page.getByRole('region', { name: `Files on ${compute}` });
  await panel.locator('.file-row').first().waitFor({ timeout: 60_000 });
  const listed = () => app.apiCalls.filter((c) => c.method === 'listDirectory' && (c.input as { computeName: string }).computeName === compute).map((c) => (c.input as { shellIn?: string }).shellIn);
  assert.deepEqual(listed(), ['container']);
  await panel.getByLabel('Files of').selectOption('host');
  await eventually(async () => listed(), (l) => l.length === 2, 30_000, 'a second listing');
  assert.deepEqual(listed(), ['container', 'host']);
  await panel.locator('.file-row').first().waitFor({ timeout: 60_000 });
  assert.equal(await panel.locator('.error-note').count(), 0);
  assert.deepEqual(app.problems, []);
});
