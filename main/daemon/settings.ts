// Daemon settings with their defaults, and the environment overrides documented in docs/daemon.md.

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
