import { useEffect, useState } from 'react';
import type { ConnectApi, EventPayload } from '../../../preload/contract';

export type Toast = EventPayload<'notification'> & { key: number };

const SHOW_MS = 8_000;
const MAX_SHOWN = 4;

/** The daemon's notifications, each shown for a while; only the latest few at once. */
export function useToasts(api: ConnectApi): Toast[] {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(
    () =>
      api.on('notification', (note) => {
        const toast = { ...note, key: Date.now() + Math.random() };
        setToasts((all) => [...all.slice(1 - MAX_SHOWN), toast]);
        setTimeout(() => setToasts((all) => all.filter((t) => t !== toast)), SHOW_MS);
      }),
    [api],
  );
  return toasts;
}
