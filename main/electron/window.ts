// The one app window: hardened preferences, the renderer from app://bundle/ (or the dev server
// when not packaged), shown once ready so it never flashes blank.
import { BrowserWindow, nativeTheme } from 'electron';
import { secureWebPreferences } from './hardening';
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
    webPreferences: secureWebPreferences(opts.preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(opts.devUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
