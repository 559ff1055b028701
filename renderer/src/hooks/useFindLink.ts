import { useEffect, useRef } from 'react';
import { findFromHash } from '../find-link';

/**
 * Opens the search box from outside the page: a `#find` link (web mode, or a window loaded on it),
 * followed without reloading and then cleared so the next one works too.
 */
export function useFindLink(open: (text: string) => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onHash = () => {
      const text = findFromHash(location.hash);
      if (text === null) return;
      history.replaceState(null, '', location.pathname + location.search);
      latest.current(text);
    };
    onHash();
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
}

/** Ctrl+K (⌘K on macOS) anywhere in the window, a terminal included, opens the search box. */
export function useFindShortcut(open: () => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || event.altKey || event.shiftKey || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current();
    };
    // Capture: before xterm.js (which would send Ctrl+K to the shell) or any input sees it.
    addEventListener('keydown', onKey, true);
    return () => removeEventListener('keydown', onKey, true);
  }, []);
}
