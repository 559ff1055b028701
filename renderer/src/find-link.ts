// The `#find` link (pure; covered by test/renderer/recent-and-find.test.ts).

/** `#find` (or `#find=<text>`): the text to search for ('' for an empty box), or null for another fragment. */
export function findFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  if (raw === 'find') return '';
  const params = new URLSearchParams(raw);
  return params.has('find') ? (params.get('find') ?? '').slice(0, 1024) : null;
}
