// Desktop notifications for what needs the user while the window may be hidden: credentials
// about to expire, and a session that ended on its own. The daemon decides when (notification
// events); this only shows them and brings the window up on click.
import { Notification } from 'electron';
import type { EventPayload } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';

const SHOWN: ReadonlySet<EventPayload<'notification'>['kind']> = new Set(['expiring', 'ended-unexpectedly']);

export function showDaemonNotifications(daemon: DaemonPort, onClick: (sessionId?: string) => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  return daemon.subscribe((event, payload) => {
    if (event !== 'notification') return;
    const note = payload as EventPayload<'notification'>;
    if (!SHOWN.has(note.kind)) return;
    const notification = new Notification({ title: note.title, body: note.body, urgency: note.kind === 'ended-unexpectedly' ? 'critical' : 'normal' });
    notification.on('click', () => onClick(note.sessionId));
    notification.show();
  });
}
