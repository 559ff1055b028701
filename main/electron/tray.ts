// The tray icon and its menu: rebuilt on every session change, when the recent targets or the
// sign-ins calls wait for change, and each second while sessions are open (countdowns), idle otherwise.
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { RecentMirror } from './recent-mirror';
import type { SessionMirror } from './session-mirror';
import type { SignInMirror } from './sign-in-mirror';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayItem } from './tray-menu';

function toTemplate(items: TrayItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) =>
    item.kind === 'separator'
      ? { type: 'separator' as const }
      : {
          label: item.label,
          enabled: item.enabled,
          ...(item.submenu ? { submenu: toTemplate(item.submenu, run) } : {}),
          ...(item.action ? { click: () => run(item.action as TrayAction) } : {}),
        },
  );
}

/** The tray icon for this platform (a template image on macOS, so it follows the menu bar). */
export function trayIconPath(assets: string, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join(assets, 'trayTemplate.png');
  if (platform === 'win32') return join(assets, 'tray.ico');
  return join(assets, 'tray.png');
}

export function createTray(
  assets: string,
  sessions: SessionMirror,
  recent: RecentMirror,
  signIns: SignInMirror,
  run: (action: TrayAction) => void,
): { tray: Tray; dispose: () => void } {
  const image = nativeImage.createFromPath(trayIconPath(assets, process.platform));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);

  const rebuild = () => {
    const now = Date.now();
    const all = sessions.all();
    const waiting = signIns.list();
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(trayMenuModel(all, now, recent.list(), waiting), run)));
    tray.setToolTip(trayTooltip(all, now, waiting));
  };

  const off = sessions.onChange(rebuild);
  const offRecent = recent.onChange(rebuild);
  const offSignIns = signIns.onChange(rebuild);
  const stopTicking = sessions.everySecondWhileLive(rebuild);
  tray.on('click', () => run({ type: 'show-window' }));
  rebuild();
  return {
    tray,
    dispose: () => {
      off();
      offRecent();
      offSignIns();
      stopTicking();
      tray.destroy();
    },
  };
}
