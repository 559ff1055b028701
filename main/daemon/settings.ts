// Daemon settings with their defaults, and the environment overrides documented in docs/daemon.md;
// and the few the user changes at run time (the fleets whose events are watched), kept in the data
// dir's settings.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from './util/private-file';

export interface HostPort {
  host: string;
  port: number;
}

/** Where a direct session really goes; `username` replaces the issued user (a bastion's, a test server's). */
export interface DirectOverride extends HostPort {
  username?: string;
}

export interface DaemonSettings {
  /** How long issued access credentials are taken to live (the APIs return no expiry). */
  credentialLifetimeMs: number;
  /** How long before expiry a session renews; default: a fifth of the lifetime, at most 2 minutes. */
  renewLeadMs: number;
  /** Open a closed SSH/RDP port for this machine's /32 without asking (SDK 4 direct sessions). */
  autoOpenInboundPorts: boolean;
  /** This machine's public IPv4 address; asked of checkip.amazonaws.com when unset. */
  clientAddress?: string;
  /** Where to really connect for a direct (SDK 4) session: bastions, tunnels, tests. */
  directEndpoints: Record<string, { ssh?: DirectOverride; rdp?: DirectOverride }>;
  /** Bytes of terminal output kept per session for readTerminalBacklog. */
  backlogBytes: number;
  /** How often the event watch polls each followed fleet's DescribeFleetEvents (one call per fleet per interval). */
  eventPollMs: number;
}

const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);

export function resolveSettings(partial: Partial<DaemonSettings> = {}, env: NodeJS.ProcessEnv = process.env): DaemonSettings {
  const lifetimeSeconds = num(env.GAMELIFT_CONNECT_CREDENTIAL_LIFETIME);
  const credentialLifetimeMs = partial.credentialLifetimeMs ?? (lifetimeSeconds ? lifetimeSeconds * 1000 : 15 * 60_000);
  const clientAddress = partial.clientAddress ?? env.GAMELIFT_CONNECT_CLIENT_ADDRESS;
  return {
    credentialLifetimeMs,
    renewLeadMs: partial.renewLeadMs ?? Math.min(120_000, Math.round(credentialLifetimeMs / 5)),
    autoOpenInboundPorts: partial.autoOpenInboundPorts ?? env.GAMELIFT_CONNECT_AUTO_OPEN_PORTS === '1',
    ...(clientAddress ? { clientAddress } : {}),
    directEndpoints: partial.directEndpoints ?? {},
    backlogBytes: partial.backlogBytes ?? 256 * 1024,
    eventPollMs: partial.eventPollMs ?? (num(env.GAMELIFT_CONNECT_EVENT_POLL_SECONDS) ?? 60) * 1000,
  };
}

/**
 * The endpoint of a direct session: a per-instance override, then GAMELIFT_CONNECT_SSH_HOST/PORT/USER
 * (or _RDP_), then the instance's address on the standard port.
 */
export function directEndpoint(settings: DaemonSettings, kind: 'ssh' | 'rdp', instanceId: string, ipAddress: string | undefined, env: NodeJS.ProcessEnv = process.env): DirectOverride | undefined {
  const override = settings.directEndpoints[instanceId]?.[kind];
  if (override) return override;
  const prefix = kind === 'ssh' ? 'GAMELIFT_CONNECT_SSH' : 'GAMELIFT_CONNECT_RDP';
  const host = env[`${prefix}_HOST`] ?? ipAddress;
  const port = num(env[`${prefix}_PORT`]) ?? (kind === 'ssh' ? 22 : 3389);
  const username = env[`${prefix}_USER`];
  return host ? { host, port, ...(username ? { username } : {}) } : undefined;
}

/** A fleet the user follows, under the identity it was followed with (fleet IDs belong to an account and Region). */
export interface FollowedFleetSetting {
  fleetId: string;
  region: string;
  profile: string | null;
}

/** What the user changes at run time, persisted in `<dataDir>/settings.json` (0600). */
export interface UserSettings {
  followedFleets: FollowedFleetSetting[];
}

export const userSettingsPath = (dataDir: string): string => join(dataDir, 'settings.json');

/** The persisted settings; a missing or unreadable file is the defaults (an unreadable one is not overwritten until a change). */
export async function readUserSettings(dataDir: string): Promise<UserSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(userSettingsPath(dataDir), 'utf8'));
  } catch {
    return { followedFleets: [] };
  }
  const list = (raw as { followedFleets?: unknown } | null)?.followedFleets;
  const followedFleets = Array.isArray(list)
    ? list.flatMap((f: unknown) => {
        const { fleetId, region, profile } = (f ?? {}) as Record<string, unknown>;
        return typeof fleetId === 'string' && typeof region === 'string' && (profile === null || typeof profile === 'string') ? [{ fleetId, region, profile }] : [];
      })
    : [];
  return { followedFleets };
}

export async function writeUserSettings(dataDir: string, settings: UserSettings): Promise<void> {
  await writePrivateFile(userSettingsPath(dataDir), `${JSON.stringify(settings, null, 2)}\n`);
}
