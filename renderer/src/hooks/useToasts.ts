import { useEffect, useState } from 'react';
import type { ConnectApi, EventPayload } from '../../../preload/contract';

export type Toast = EventPayload<'notification'> & { key: number };

const SHOW_MS = 8_000;
/** A fleet event names an instance to go to: it stays until used or dismissed, a while longer. */
const FLEET_EVENT_MS = 60_000;
const MAX_SHOWN = 4;

/** The daemon's notifications, each shown for a while; only the latest few at once. */
export function useToasts(api: ConnectApi): { toasts: Toast[]; dismiss: (toast: Toast) => void } {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = (toast: Toast) => setToasts((all) => all.filter((t) => t.key !== toast.key));
  useEffect(
    () =>
      api.on('notification', (note) => {
        const toast = { ...note, key: Date.now() + Math.random() };
        setToasts((all) => [...all.slice(1 - MAX_SHOWN), toast]);
        setTimeout(() => setToasts((all) => all.filter((t) => t !== toast)), note.kind === 'fleet-event' ? FLEET_EVENT_MS : SHOW_MS);
      }),
    [api],
  );
  return { toasts, dismiss };
}
