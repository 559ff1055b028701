// What closing the window does. With a tray, the app keeps running there (asked once, the answer
// remembered). Without a tray the window must stay reachable: never hide it — minimise while
// sessions are open, otherwise quit.

export type ClosePreference = 'tray' | 'quit' | null;
export type CloseAction = 'hide-to-tray' | 'ask' | 'minimize' | 'quit';

export function closeAction(input: { quitting: boolean; trayAvailable: boolean; preference: ClosePreference; liveSessions: number }): CloseAction {
  if (input.quitting) return 'quit';
  if (!input.trayAvailable) return input.liveSessions > 0 ? 'minimize' : 'quit';
  if (input.preference === 'tray') return 'hide-to-tray';
  if (input.preference === 'quit') return 'quit';
  return 'ask';
}

/**
 * Whether this desktop shows tray icons. Electron cannot tell; GNOME Shell shows none unless an
 * AppIndicator extension is installed (Ubuntu's is), so there we assume none and keep the window
 * reachable.
 */
export function desktopHasTray(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  if (platform !== 'linux') return true;
  const desktop = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase();
  if (desktop === '') return false;
  const parts = desktop.split(':');
  // Ubuntu's GNOME ships the AppIndicator extension.
  return !parts.includes('gnome') || parts.includes('ubuntu');
}
