// Electron main process: a thin shell around the daemon (main/daemon). It starts the daemon,
// exposes the contract over guarded IPC, and owns what only a desktop app has: the window, the
// tray with live countdowns, notifications and close-to-tray. Plain logic lives in the small
// Electron-free modules next to this file (tested in test/electron/).
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Notification } from 'electron';
import type { MethodName, Wire, WindowCommand, WindowCommandName } from '../../preload/contract';
import { registerAppScheme, serveRendererOnAppScheme } from './app-protocol';
import { closeAction, desktopHasTray } from './close-policy';
import type { DaemonPort } from './daemon-port';
import { openAllowedExternal, openSignInPage } from './external-links';
import { lockAllContents, lockSession } from './hardening';
import { forwardEvents, registerIpc } from './ipc';
import { notifySignInNeeded, showDaemonNotifications, warnBeforeExpiry } from './notifications';
import { APP_ORIGIN, originOf } from './sender-guard';
import { RecentMirror } from './recent-mirror';
import { SessionMirror } from './session-mirror';
import { SignInMirror } from './sign-in-mirror';
import { loadSettings, saveSettings } from './settings';
import { listProfiles } from '../daemon/daemon';
import { shouldOpenSandbox } from '../daemon/web/launch-choice';
import { startDaemon } from './start-daemon';
import { createTray } from './tray';
import type { TrayAction } from './tray-menu';
import { createMainWindow } from './window';
import { sendWindowCommand, type NotificationClick } from './window-commands';

// Development only: the Vite dev server. Ignored in a packaged app.
const devUrl = !app.isPackaged && process.env.GAMELIFT_CONNECT_DEV_URL ? process.env.GAMELIFT_CONNECT_DEV_URL : null;
const devOrigin = devUrl ? originOf(devUrl) : null;
const trustedOrigins: ReadonlySet<string> = new Set([APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])]);
const trustedContents = new Set<number>();

// A second launch hands over to the first (which shows its window) and leaves.
const firstInstance = app.requestSingleInstanceLock();
if (firstInstance) {
  registerAppScheme();
  lockAllContents(trustedOrigins);
}

let window: BrowserWindow | null = null;
let quitting = false;
// Held for the app's life: an unreferenced Tray is garbage-collected and vanishes.
let tray: ReturnType<typeof createTray> | null = null;

const dist = join(__dirname, '..');
const assets = app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'build', 'tray');
const settingsFile = join(app.getPath('userData'), 'settings.json');

function showWindow(daemon: DaemonPort, mirror: SessionMirror): BrowserWindow {
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }
  const created = createMainWindow({ preload: join(dist, 'preload', 'index.cjs'), devUrl });
  const contentsId = created.webContents.id;
  trustedContents.add(contentsId);
  const stopEvents = forwardEvents(daemon, created.webContents);
  created.on('close', (event) => onClose(event, created, mirror));
  created.on('closed', () => {
    stopEvents();
    trustedContents.delete(contentsId);
    window = null;
  });
  window = created;
  return created;
}

let trayAvailable = false;

/** Shows the window on one session: a `#session=` link the renderer follows without reloading. */
function showSession(daemon: DaemonPort, mirror: SessionMirror, sessionId?: string): void {
  const win = showWindow(daemon, mirror);
  if (!sessionId) return;
  const base = (win.webContents.getURL() || devUrl || `${APP_ORIGIN}/index.html`).split('#')[0];
  void win.webContents.loadURL(`${base}#session=${encodeURIComponent(sessionId)}`);
}

/** Shows the window and gives its page a command (open a compute, focus the search). */
function commandWindow<C extends WindowCommandName>(daemon: DaemonPort, mirror: SessionMirror, name: C, command: WindowCommand<C>): void {
  sendWindowCommand(showWindow(daemon, mirror).webContents, name, command);
}

function onNotificationClick(daemon: DaemonPort, mirror: SessionMirror, click: NotificationClick): void {
  if (click.type === 'command') commandWindow(daemon, mirror, 'openTarget', click.command);
  else showSession(daemon, mirror, click.sessionId);
}

function onClose(event: Electron.Event, win: BrowserWindow, mirror: SessionMirror): void {
  const settings = loadSettings(settingsFile);
  const action = closeAction({ quitting, trayAvailable, preference: settings.closeTo, liveSessions: mirror.live().length });
  if (action === 'quit') {
    quitting = true;
    return; // let it close; window-all-closed quits
  }
  event.preventDefault();
  if (action === 'minimize') return win.minimize();
  if (action === 'hide-to-tray') return win.hide();
  const answer = dialog.showMessageBoxSync(win, {
    type: 'question',
    buttons: ['Keep running in the tray', 'Quit'],
    defaultId: 0,
    cancelId: 0,
    title: 'Close GameLift Connect',
    message: 'Keep GameLift Connect running in the tray?',
    detail: 'Open sessions and port forwards stay up, and the tray shows their countdowns. You will not be asked again.',
  });
  saveSettings(settingsFile, { ...settings, closeTo: answer === 0 ? 'tray' : 'quit' });
  if (answer === 0) win.hide();
  else {
    quitting = true;
    app.quit();
  }
}

async function main(): Promise<void> {
  await app.whenReady();
  lockSession(trustedOrigins);
  serveRendererOnAppScheme(join(dist, 'renderer'));
  // The sandbox (the local emulator) is a development aid: only when running from the source tree.
  const sandbox = !app.isPackaged && shouldOpenSandbox(process.env, (await listProfiles().catch(() => [])).length);
  const daemon = await startDaemon({
    rendererRoot: join(dist, 'renderer'),
    sandboxRoot: sandbox ? app.getAppPath() : null,
    openExternal: openAllowedExternal,
    openSignInUrl: openSignInPage,
    // copyRdpPassword puts the password here (the daemon clears it again if it is still there).
    clipboard: { name: 'Electron', write: async (text) => clipboard.writeText(text), read: async () => clipboard.readText(), clear: async () => clipboard.clear() },
  });
  registerIpc(ipcMain, daemon, { trustedContents, trustedOrigins });
  const mirror = new SessionMirror(daemon);
  const recent = new RecentMirror(daemon);
  const signIns = new SignInMirror(daemon);

  // A tray action has no view to show its error in: a failure becomes a notification.
  const fromTray = (what: string, method: MethodName, input: unknown) =>
    void daemon.dispatch(method, input).then((wire: Wire<unknown>) => {
      if (!wire.ok && Notification.isSupported()) {
        new Notification({ title: `Could not ${what}`, body: [wire.error.message, wire.error.hint].filter(Boolean).join(' ') }).show();
      }
    });
  const run = (action: TrayAction): void => {
    if (action.type === 'quit') {
      quitting = true;
      app.quit();
    } else if (action.type === 'renew') fromTray('renew the session', 'renewSession', { sessionId: action.sessionId });
    else if (action.type === 'end') fromTray('end the session', 'endSession', { sessionId: action.sessionId });
    else if (action.type === 'open-session') showSession(daemon, mirror, action.sessionId);
    else if (action.type === 'find') commandWindow(daemon, mirror, 'openFind', {});
    else if (action.type === 'open-target') commandWindow(daemon, mirror, 'openTarget', action.command);
    // The window starts the sign-in (the daemon opens the browser) and shows its dialog.
    else if (action.type === 'sign-in') commandWindow(daemon, mirror, 'openSignIn', action.command);
    else showWindow(daemon, mirror);
  };

  if (desktopHasTray(process.platform, process.env)) {
    try {
      tray = createTray(assets, mirror, recent, signIns, run);
      trayAvailable = true;
    } catch {
      trayAvailable = false; // no tray on this desktop: closing must not hide the window
    }
  }
  showDaemonNotifications(daemon, (click) => onNotificationClick(daemon, mirror, click));
  warnBeforeExpiry(mirror, (sessionId) => showSession(daemon, mirror, sessionId));
  notifySignInNeeded(signIns, (command) => commandWindow(daemon, mirror, 'openSignIn', command));
  app.on('second-instance', () => showWindow(daemon, mirror));
  app.on('activate', () => showWindow(daemon, mirror));
  app.on('window-all-closed', () => {
    if (!trayAvailable || quitting) app.quit();
  });
  app.on('before-quit', (event) => {
    if (!quitting) quitting = true;
    // End sessions and wipe the vault before the process goes.
    event.preventDefault();
    tray?.dispose();
    tray = null;
    void daemon.close().finally(() => app.exit(0));
  });
  showWindow(daemon, mirror);
}

if (!firstInstance) app.quit();
else {
  main().catch((error: unknown) => {
    dialog.showErrorBox('GameLift Connect could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
