// The Files panel's screenshot (docs/screenshots/files.png), part of `npm run screenshots`: an SDK 4
// instance served by a real local OpenSSH (as in files.test.ts), a game server's folder with a
// download done and an upload under way. `npx tsx test/ui/screenshot-files.ts` renders it alone.
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd } from '../support/sshd';
import { openApp } from './support/app';

const SDK4_FLEET = 'legacy-linux-sdk4';
const INSTANCE = 'i-0d4a8f5b2e0a60001';

export async function shootFiles(out: string): Promise<void> {
  const sshd = await startSshd();
  const root = await mkdtemp(join(tmpdir(), 'glc-shot-files-'));
  const game = join(root, 'game');
  await mkdir(join(game, 'logs'), { recursive: true });
  await mkdir(join(game, 'config'));
  await writeFile(join(game, 'server.log'), 'Server started on port 7777\n'.repeat(4000));
  await writeFile(join(game, 'GameServer.x86_64'), '');
  await truncate(join(game, 'GameServer.x86_64'), 84 * 1024 * 1024);
  await writeFile(join(game, 'core.4182'), '');
  await truncate(join(game, 'core.4182'), 8 * 1024 * 1024 * 1024);
  const app = await openApp({
    viewport: { width: 1440, height: 880 },
    emulator: { sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } },
    daemon: {
      settings: { autoOpenInboundPorts: true, directEndpoints: { [INSTANCE]: { ssh: { host: sshd.host, port: sshd.port, username: sshd.user } } } },
      downloadsDir: join(root, 'Downloads'),
    },
  });
  const { page } = app;
  try {
    await app.pickFleet(SDK4_FLEET);
    await page.locator(`.target-row[data-compute="${INSTANCE}"]`).click();
    await page.locator('.pane-footer').getByRole('button', { name: 'Files', exact: true }).click();
    const panel = page.getByRole('region', { name: `Files on ${INSTANCE}` });
    await panel.locator('.files-path [aria-current="location"]').waitFor({ timeout: 30_000 });
    await panel.locator('.files-path').getByRole('button', { name: '/', exact: true }).click();
    await panel.locator('.files-path [aria-current="location"]', { hasText: /^\/$/ }).waitFor({ timeout: 30_000 });
    for (const part of game.split('/').filter(Boolean)) {
      await panel.locator(`.file-row[data-name="${part}"]`).dblclick();
      await panel.locator('.files-path [aria-current="location"]', { hasText: part }).waitFor({ timeout: 30_000 });
    }
    await panel.locator('.file-row[data-name="server.log"]').dblclick();
    await panel.locator('.transfer-done').waitFor({ timeout: 30_000 });
    await panel.locator('.file-row[data-name="core.4182"]').dblclick();
    await panel.locator('.transfer-progress', { hasText: 'left' }).waitFor({ timeout: 30_000 });
    await panel.locator('.file-row[data-name="core.4182"]').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/files.png` });
    console.log(`${out}/files.png`);
    await panel.locator('.transfer').first().getByRole('button', { name: 'Cancel' }).click();
    await panel.locator('.transfer-cancelled').waitFor({ timeout: 30_000 });
  } finally {
    await app.close();
    await sshd.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await shootFiles('docs/screenshots');
