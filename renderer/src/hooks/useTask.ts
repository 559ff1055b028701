import { useCallback, useRef, useState } from 'react';
import { toConnectError, type ConnectError } from '../api/errors';

export interface Task<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  busy: boolean;
  error: ConnectError | null;
  clearError: () => void;
}

/**
 * Runs an API call for one place in the UI and keeps its error there, so each error is shown
 * where it happened. Only the latest run may set state (an older, slower answer is ignored).
 */
export function useTask<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Task<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConnectError | null>(null);
  const generation = useRef(0);
  const latest = useRef(fn);
  latest.current = fn;

  const run = useCallback(async (...args: A) => {
    const mine = ++generation.current;
    setBusy(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (caught) {
      if (mine === generation.current) setError(toConnectError(caught));
      return undefined;
    } finally {
      if (mine === generation.current) setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
