// Electron's security checklist, applied once for the whole app (window.ts sets each window's
// preferences): no navigation away from the bundle, no new windows, no webviews, no downloads,
// every permission denied but a sanitized clipboard write (copying terminal output). External links go through openExternal (allowlisted), never a window.
import { app, session, type WebContents } from 'electron';
import { originOf } from './sender-guard';

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

/** Before 'ready': every webContents the app will ever create is locked down as it is created. */
export function lockAllContents(trustedOrigins: ReadonlySet<string>): void {
  app.on('web-contents-created', (_event, contents) => lockContents(contents, trustedOrigins));
}

/** After 'ready' (sessions exist only then): permissions and downloads. */
export function lockSession(trustedOrigins: ReadonlySet<string>): void {
  const ses = session.defaultSession;
  // Copying terminal output (sanitized clipboard write) is the one permission the app uses.
  const allowed = (permission: string, origin: string | null) => permission === 'clipboard-sanitized-write' && origin !== null && trustedOrigins.has(origin);
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, originOf(contents.getURL()))));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, originOf(requestingOrigin)));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}
