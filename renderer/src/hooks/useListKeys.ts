import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';

/** How a row was opened: with Ctrl (⌘ on macOS) held, the caller may open it in the background. */
export interface OpenHow {
  background: boolean;
}

/** Ctrl or ⌘ held: open without switching the view (Ctrl+click is the context menu on macOS). */
export const inBackground = (event: { ctrlKey: boolean; metaKey: boolean }): boolean => event.ctrlKey || event.metaKey;

/**
 * Keyboard navigation for a listbox that keeps focus on its container and marks the active row
 * with aria-activedescendant (works for virtualised lists, whose rows come and go). Enter opens
 * the active row; Ctrl+Enter (⌘+Enter) opens it in the background.
 */
export function useListKeys(count: number, onOpen: (index: number, how: OpenHow) => void, onMove?: (index: number) => void, pageSize: number | (() => number) = 10) {
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (active > count - 1) setActive(Math.max(0, count - 1));
  }, [count, active]);

  const move = useCallback(
    (index: number) => {
      const clamped = Math.max(0, Math.min(count - 1, index));
      setActive(clamped);
      onMove?.(clamped);
    },
    [count, onMove],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (count === 0) return;
    if (event.key === 'Enter' && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      onOpen(active, { background: inBackground(event) });
      return;
    }
    const page = () => (typeof pageSize === 'function' ? pageSize() : pageSize);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page()),
      PageUp: () => move(active - page()),
      Home: () => move(0),
      End: () => move(count - 1),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  /** Marks a row active without scrolling to it (a click, or a new filter that starts at the top). */
  const select = useCallback((index: number) => setActive(index), []);

  return { active, setActive: move, select, onKeyDown };
}
