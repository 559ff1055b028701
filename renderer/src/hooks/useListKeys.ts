import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';

/**
 * Keyboard navigation for a listbox that keeps focus on its container and marks the active row
 * with aria-activedescendant (works for virtualised lists, whose rows come and go).
 */
export function useListKeys(count: number, onOpen: (index: number) => void, onMove?: (index: number) => void, pageSize = 10) {
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
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageSize),
      PageUp: () => move(active - pageSize),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => onOpen(active),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  return { active, setActive: move, onKeyDown };
}
