// Dotted numeric version comparison as the agent does it: missing parts count as 0, and anything
// non-numeric makes the version "unknown", which callers treat as the oldest possible.

/** Negative, zero or positive like a sort comparator; null when either side is not a numeric version. */
export function compareVersions(a: string, b: string): number | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function versionAtLeast(version: string | undefined, threshold: string): boolean {
  const c = version === undefined ? null : compareVersions(version, threshold);
  return c !== null && c >= 0;
}

export function versionAbove(version: string | undefined, threshold: string): boolean {
  const c = version === undefined ? null : compareVersions(version, threshold);
  return c !== null && c > 0;
}

function parseVersion(v: string): number[] | null {
  if (!/^\d+(\.\d+)*$/.test(v)) return null;
  return v.split('.').map(Number);
}
