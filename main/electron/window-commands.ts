// Commands main gives the window (contract.ts windowCommands): a notification's click opens a
// compute, the tray's "Find…" focuses the search, a recent target is reopened. Each is checked
// against the contract before it leaves, and sent once the page has loaded (a window the click
// just created is still loading; the preload keeps commands until the page subscribes). Plain
// logic over a WebContents-like, tested under Node.
import { windowCommandChannel, windowCommands, type EventPayload, type WindowCommand, type WindowCommandName } from '../../preload/contract';

/** The part of Electron's WebContents this needs. */
export interface CommandTarget {
  isDestroyed(): boolean;
  isLoading(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
  send(channel: string, payload: unknown): void;
}

/** Sends `command` to the window's page when it can take it; false if the command breaks the contract (nothing sent). */
export function sendWindowCommand<C extends WindowCommandName>(contents: CommandTarget, name: C, command: WindowCommand<C>): boolean {
  const parsed = windowCommands[name].safeParse(command);
  if (!parsed.success) return false;
  const send = () => {
    if (!contents.isDestroyed()) contents.send(windowCommandChannel(name), parsed.data);
  };
  if (contents.isLoading()) contents.once('did-finish-load', send);
  else send();
  return true;
}

/** What clicking a daemon notification does: show a session, or open a compute (or fleet) in the window. */
export type NotificationClick = { type: 'session'; sessionId?: string } | { type: 'command'; command: WindowCommand<'openTarget'> };

/**
 * A fleet-event notification opens the window on its compute and a shell there (or on the fleet
 * when it names no compute, or a name the contract refuses); every other notification shows its
 * session, as before.
 */
export function notificationClick(note: EventPayload<'notification'>): NotificationClick {
  if (note.kind === 'fleet-event' && note.fleetId) {
    const onCompute = windowCommands.openTarget.safeParse({ fleetId: note.fleetId, computeName: note.computeName, action: 'shell' });
    if (note.computeName && onCompute.success) return { type: 'command', command: onCompute.data };
    const onFleet = windowCommands.openTarget.safeParse({ fleetId: note.fleetId, action: 'show' });
    if (onFleet.success) return { type: 'command', command: onFleet.data };
  }
  return { type: 'session', ...(note.sessionId ? { sessionId: note.sessionId } : {}) };
}
