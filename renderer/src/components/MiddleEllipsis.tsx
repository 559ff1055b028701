import { memo } from 'react';

/** How many trailing characters stay visible: the part of a compute name that tells computes apart. */
function tailLength(text: string, tail: number): number {
  // Container compute names end in a path-like part ("…/abc123"): keep it whole when short.
  const slash = text.lastIndexOf('/');
  if (slash >= 0 && text.length - slash - 1 <= 16) return text.length - slash;
  return Math.min(tail, text.length);
}

/**
 * A name shown whole when it fits and cut in the middle when it does not ("i-0a1f5c…9b7d30001"),
 * so the distinguishing end stays visible. The whole name is the title (hover) and, for screen
 * readers, the only text they read (the two visible halves are hidden from them).
 */
export const MiddleEllipsis = memo(function MiddleEllipsis({ text, tail = 8, className }: { text: string; tail?: number; className?: string }) {
  const cut = text.length - tailLength(text, tail);
  return (
    <span className={className ? `mid-ellipsis ${className}` : 'mid-ellipsis'} title={text} data-full={text}>
      <span className="sr-only">{text}</span>
      <span className="mid-head" aria-hidden="true">
        {text.slice(0, cut)}
      </span>
      <span className="mid-tail" aria-hidden="true">
        {text.slice(cut)}
      </span>
    </span>
  );
});
