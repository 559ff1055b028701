// Desktop notifications for what needs the user while the window may be hidden: credentials
// about to expire, a session that ended on its own, a crash or failure on a followed fleet
// (fleet-event: its click opens the window on that compute, with a shell there), and an IAM
// Identity Center sign-in calls wait for (once per need, not per call; its click signs in). Mostly the daemon decides when
// (notification events); expiry-watch.ts adds a last-minute warning should renewal not happen.
import { Notification } from 'electron';
import type { EventPayload, WindowCommand } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';
import { dueWarnings } from './expiry-watch';
import type { SessionMirror } from './session-mirror';
import type { SignInMirror } from './sign-in-mirror';
import { signInCommand, signInWho } from './tray-menu';
import { notificationClick, type NotificationClick } from './window-commands';

const SHOWN: ReadonlySet<EventPayload<'notification'>['kind']> = new Set(['expiring', 'ended-unexpectedly', 'fleet-event']);

export function showDaemonNotifications(daemon: DaemonPort, onClick: (click: NotificationClick) => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  return daemon.subscribe((event, payload) => {
    if (event !== 'notification') return;
    const note = payload as EventPayload<'notification'>;
    if (!SHOWN.has(note.kind)) return;
    const notification = new Notification({ title: note.title, body: note.body, urgency: note.kind === 'ended-unexpectedly' ? 'critical' : 'normal' });
    notification.on('click', () => onClick(notificationClick(note)));
    notification.show();
  });
}

/** Checks each second, while sessions are open, for credentials about to run out unrenewed. */
export function warnBeforeExpiry(mirror: SessionMirror, onClick: (sessionId?: string) => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const warned = new Set<string>();
  return mirror.everySecondWhileLive(() => {
    for (const warning of dueWarnings(mirror.live(), Date.now(), warned)) {
      const notification = new Notification({ title: warning.title, body: warning.body, urgency: 'critical' });
      notification.on('click', () => onClick(warning.sessionId));
      notification.show();
    }
  });
}

/** One notification when calls start waiting for a sign-in; its click starts the sign-in in the window. */
export function notifySignInNeeded(signIns: SignInMirror, onClick: (command: WindowCommand<'openSignIn'>) => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  return signIns.onNewlyNeeded(({ ref }) => {
    const command = signInCommand(ref);
    const notification = new Notification({
      title: 'Sign-in needed',
      body: `${signInWho(ref)}: IAM Identity Center asks you to sign in again. Sessions whose credentials are still valid keep running.${command ? ' Click to sign in.' : ''}`,
    });
    if (command) notification.on('click', () => onClick(command));
    notification.show();
  });
}
