// Placeholder entry (foundation, issue #2) so the build has a main process to bundle; the
// Electron main process's owner replaces it.
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';

async function openWindow(): Promise<void> {
  await app.whenReady();
  const window = new BrowserWindow({
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  });
  await window.loadFile(join(__dirname, '../renderer/index.html'));
}

void openWindow();
