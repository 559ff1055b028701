// Plain formatting helpers for the views (pure; covered by test/renderer/format.test.ts).

/** "1:02:03", "4:05", "0:09"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "AMAZON_LINUX_2023" → "Amazon Linux 2023"; "WINDOWS_2022" → "Windows 2022". */
export function osLabel(os: string, operatingSystem?: string): string {
  if (operatingSystem) {
    return operatingSystem
      .split('_')
      .map((word) => (/^\d+$/.test(word) ? word : word.charAt(0) + word.slice(1).toLowerCase()))
      .join(' ');
  }
  return os === 'windows' ? 'Windows' : os === 'linux' ? 'Linux' : 'Unknown OS';
}

export const accessLabel = {
  'compute-access': 'SSM · GetComputeAccess',
  'instance-access': 'GetInstanceAccess',
  none: 'No remote access',
} as const;

export const kindLabel = { ec2: 'EC2', container: 'Container', anywhere: 'Anywhere' } as const;

/** Words for a fleet search: every token must match one of the fleet's facets. */
export function matchesSearch(query: string, facets: ReadonlyArray<string | undefined | null>): boolean {
  const haystack = facets.filter(Boolean).join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((token) => haystack.includes(token));
}

/** GameLift spells statuses ACTIVE (fleets, Anywhere computes) or Active (instances): show one way. */
export function statusLabel(status: string): string {
  const words = status.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
