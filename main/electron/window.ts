// The one app window: hardened preferences, the renderer from app://bundle/ (or the dev server
// when not packaged), shown once ready so it never flashes blank.
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ORIGIN } from './sender-guard';

export function createMainWindow(opts: { preload: string; devUrl: string | null; icon?: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1320,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'GameLift Connect',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0d1117' : '#f4f5f3',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    // Spelled out here, not built elsewhere, so reviews and electronegativity see them at the call.
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(opts.devUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
