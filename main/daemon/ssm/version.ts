// Dotted version comparison with the plugin's rule (docs/reference/ssm-data-channel.md §6.2): both versions
// must have the same number of numeric parts, otherwise they are not comparable and every
// "greater than" test is false. Both sides gate features (smux, keepalive) on these comparisons.

/** Our ClientVersion: 4 parts and > 1.2.331.0, so the agent uses smux and turns its keepalive off. */
export const CLIENT_VERSION = '1.2.650.0';

/** -1, 0 or 1; null when the versions are not comparable (different part counts, non-numeric). */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb || pa.length !== pb.length) return null;
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

export function isVersionGreater(a: string, b: string): boolean {
  return compareVersions(a, b) === 1;
}

function parseVersion(v: string): number[] | null {
  const parts = v.trim().split('.');
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** Agent version thresholds the plugin applies (§8.2, §8.3, §8.4). */
export const AgentThresholds = {
  /** Above this, a LocalPortForwarding session is multiplexed with smux. */
  mux: '3.0.196.0',
  /** Above this, the agent has smux keepalive off, so the client must not send NOPs. */
  smuxKeepaliveDisabled: '3.1.1511.0',
  /** Above this, basic port sessions understand the TerminateSession flag. */
  terminateFlag: '2.3.722.0',
} as const;
