// Electron's security checklist, applied once for the whole app: every window sandboxed and
// isolated, no navigation away from the bundle, no new windows, no webviews, every permission
// request denied. External links go through openExternal (allowlisted), never a window.
import { app, session, type WebContents, type WebPreferences } from 'electron';
import { originOf } from './sender-guard';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
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
  };
}

function lockContents(contents: WebContents, trustedOrigins: ReadonlySet<string>): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    const origin = originOf(url);
    if (!origin || !trustedOrigins.has(origin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenApp(trustedOrigins: ReadonlySet<string>): void {
  app.on('web-contents-created', (_event, contents) => lockContents(contents, trustedOrigins));
  const ses = session.defaultSession;
  // Copying terminal output (sanitized clipboard write) is the one permission the app uses.
  const allowed = (permission: string, origin: string | null) => permission === 'clipboard-sanitized-write' && origin !== null && trustedOrigins.has(origin);
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, originOf(contents.getURL()))));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, originOf(requestingOrigin)));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}
