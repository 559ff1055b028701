// The sandbox: the local AWS emulator (emulator/) and what points a Daemon at it. In process
// for web mode (`gamelift-connect web --sandbox`, the UI tests); as a child process for Electron,
// whose CommonJS bundle cannot carry the emulator (sandbox-process.ts). The emulator's
// credentials are its own throw-away keys, so the sandbox keeps issued secrets in memory
// (memory-keychain.ts) rather than in the user's OS keychain; real mode always uses the keychain.
import type { Emulator, EmulatorOptions } from '../../../emulator/index';
import type { SandboxIdentity } from '../identity/identity';
import type { DaemonSettings } from '../settings';

export interface Sandbox {
  identity: SandboxIdentity;
  /** Daemon settings the emulated account needs (SDK 4 instances' SSH port, this machine's address). */
  settings: Partial<DaemonSettings>;
  /** Set when the emulator runs in this process (tests reach its fault knobs through it). */
  emulator: Emulator | null;
  /**
   * The emulated IAM Identity Center to try sign-in against (an sso-session's sso_start_url and
   * sso_region); its SSO-OIDC and portal endpoints are identity.endpoints.ssooidc / .sso.
   * Users are the scenario's (the default scenario's: developer, viewer).
   */
  ssoSession: { startUrl: string; region: string };
  close(): Promise<void>;
}

export async function startSandbox(options: EmulatorOptions = {}): Promise<Sandbox> {
  const { startEmulator } = await import('../../../emulator/index');
  // SDK 4 Linux instances answer SSH with the key GetInstanceAccess issues, as in `npm run emulator`.
  const emulator = await startEmulator({ ...options, sdk4: { serveSsh: true, ...options.sdk4 } });
  const sshAddress = options.sdk4?.sshAddress ?? (emulator.sdk4SshPort ? { host: '127.0.0.1', port: emulator.sdk4SshPort } : null);
  const directEndpoints: DaemonSettings['directEndpoints'] = {};
  if (sshAddress) for (const instance of emulator.world.sdk4Instances('linux')) directEndpoints[instance.instanceId] = { ssh: sshAddress };
  return {
    emulator,
    identity: {
      region: emulator.region,
      endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint, ssooidc: emulator.ssoOidcEndpoint, sso: emulator.ssoEndpoint },
      credentials: emulator.credentials,
    },
    ssoSession: { startUrl: emulator.identityCenter.directory.spec.startUrl, region: emulator.identityCenter.directory.spec.region },
    // Inbound rules are opened for this address; in the sandbox everything is loopback.
    settings: { clientAddress: '127.0.0.1', directEndpoints },
    close: () => emulator.close(),
  };
}
