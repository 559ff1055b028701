// The local AWS stand-in, in process: GameLift, SSM and KMS endpoints on 127.0.0.1 backed by one
// scenario, with the agent side of Session Manager hosting the data channels. See docs/emulator.md.
import type { SessionAgent } from './agent/agent-api';
import { DataChannelAgent, type DataChannelAgentOptions } from './agent/data-channel-agent';
import type { AgentFaults } from './agent/faults';
import { CredentialStore } from './auth/credential-store';
import { EmulatorClock } from './core/clock';
import { ServiceEndpoint } from './core/service-endpoint';
import type { RateLimit } from './core/token-bucket';
import { DEFAULT_ACCESS_LIMIT, GameLiftService } from './gamelift/service';
import { Sdk4Secrets } from './gamelift/sdk4-secrets';
import { LocalKms } from './kms/local-kms';
import { kmsService } from './kms/service';
import { LogStore } from './logs/log-store';
import type { FleetEventRecord, LiveFleetEvents } from './scenario/fleet-events';
import { loadScenario } from './scenario/load';
import type { Scenario } from './scenario/schema';
import { World, type Endpoint } from './scenario/world';
import { startSdk4SshServer } from './sdk4/ssh-server';
import { defaultIdentityCenter } from './scenario/identity-center';
import { IdentityCenter, type SsoKnobs } from './sso/identity-center';
import { ssmService, type SsmSettings } from './ssm/service';
import type { SessionRegistry } from './ssm/sessions';

export { LocalKms } from './kms/local-kms';
export type { Scenario } from './scenario/schema';
export type { FleetEventRecord, LiveFleetEvents } from './scenario/fleet-events';
export type { IdentityCenter, SsoKnobs } from './sso/identity-center';
export { loadScenario, parseScenario, DEFAULT_SCENARIO_PATH } from './scenario/load';

/** Emulated lifetime of GetComputeAccess credentials when none is given (AWS documents none). */
export const DEFAULT_CREDENTIAL_LIFETIME_MS = 15 * 60 * 1000;

export interface EmulatorFaults {
  /** GetComputeAccess/GetInstanceAccess limit per account (AWS: burst 4, 1 per second). */
  accessRateLimit?: RateLimit;
  /** Emulated lifetime of credentials issued from now on. */
  credentialLifetimeMs?: number;
  /** Expire every credential issued so far, at once. */
  expireCredentialsNow?: boolean;
  /** Data-channel faults, passed to the agent (DataChannelAgent only). */
  agent?: AgentFaults;
  /**
   * ResumeSession issues a new StreamUrl (a new `cell-number`) and the data-channel endpoint
   * refuses upgrades to the session's older ones (403), as after AWS moves a session to another cell.
   */
  moveStreamOnResume?: boolean;
  /** The data-channel endpoint refuses upgrades without a SigV4 signature (403); present ones are always verified. */
  requireSignedUpgrade?: boolean;
  /** Per-operation GameLift rate limits replacing AWS's (e.g. `{ DescribeFleetEvents: { burst: 1, perSecond: 0.5 } }`); `{}` restores them. */
  rateLimits?: Record<string, RateLimit>;
  /** A new fleet event every `everyMs` (emulated) from now on, for pollers; `null` stops it. */
  liveFleetEvents?: LiveFleetEvents | null;
  /** Emulated ms a game session stays TERMINATING after TerminateGameSession (default 5 s). */
  gameSessionTerminationMs?: number;
  /** IAM Identity Center sign-in knobs (token lifetime, expiry, denial, device polling interval). */
  sso?: SsoKnobs;
}

export interface EmulatorOptions<A extends SessionAgent = DataChannelAgent> {
  /** A scenario object or a path to a scenario file; default scenarios/default.json. */
  scenario?: Scenario | string;
  /** The account's own access key (default: generated). */
  accountCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Emulated lifetime of issued credentials; default 15 minutes. */
  credentialLifetimeMs?: number;
  /** Emulated time runs this many times faster (credential lifetimes, idle timeouts, rate refill). */
  timeScale?: number;
  /** Server SDK 4 fleets: the secrets GetInstanceAccess returns and where their SSH/RDP really listen. */
  sdk4?: {
    linuxPrivateKeyPem?: string;
    windowsPassword?: string;
    /** Where SDK 4 Linux instances' port 22 is (a test sshd); their IpAddress becomes this host. */
    sshAddress?: Endpoint;
    /**
     * Answer SSH for SDK 4 Linux instances with a built-in loopback server (ssh2 + a real pty shell)
     * that accepts the issued key; ignored when sshAddress is given. Its port is `emu.sdk4SshPort`.
     */
    serveSsh?: boolean;
    /** Where SDK 4 Windows instances' port 3389 is (a test RDP server); their IpAddress becomes this host. */
    rdpAddress?: Endpoint;
  };
  /** Extra port mappings: instanceId → { instancePort: where it really listens }. */
  ports?: Record<string, Record<number, Endpoint>>;
  /**
   * instanceId → a folder holding that instance's files (core/instance-root.ts): its Session Manager
   * shells run in a private mount namespace with `<folder>/local` at /local. Needs root.
   */
  instanceRoots?: Record<string, string>;
  /** Override the scenario's Session Manager preferences. */
  sessionManager?: { kmsEncryption?: boolean; idleTimeoutMs?: number; agentVersion?: string; nonInteractiveCommands?: SsmSettings['nonInteractiveCommands'] };
  faults?: EmulatorFaults;
  /** The agent hosting data channels: an instance, or options for the built-in DataChannelAgent. */
  agent?: A | DataChannelAgentOptions;
  /** Diagnostics (never given secrets). */
  log?: (message: string) => void;
}

export interface Emulator<A extends SessionAgent = DataChannelAgent> {
  region: string;
  gameliftEndpoint: string;
  ssmEndpoint: string;
  kmsEndpoint: string;
  /** Where presigned log URLs (GetGameSessionLogUrl, fleet events' PreSignedLogUrl) point: the emulator's stand-in for S3. */
  logsEndpoint: string;
  /** IAM Identity Center's SSO-OIDC endpoint (API, /authorize and /device pages): AWS_ENDPOINT_URL_SSO_OIDC. */
  ssoOidcEndpoint: string;
  /** IAM Identity Center's access portal endpoint (GetRoleCredentials…): AWS_ENDPOINT_URL_SSO. */
  ssoEndpoint: string;
  /** The emulated Identity Center: its directory (start URL, Region, users, accounts), approveDevice/authorize for tests. */
  identityCenter: IdentityCenter;
  /** The account's long-term key; GameLift accepts only this (or an Identity Center role allowed to), SSM only what GetComputeAccess issued. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  scenario: Scenario;
  world: World;
  agent: A;
  kms: LocalKms;
  sdk4: Sdk4Secrets;
  sessions: SessionRegistry;
  /** The built-in SDK 4 SSH server's port (`sdk4.serveSsh`), for GAMELIFT_CONNECT_SSH_PORT. */
  sdk4SshPort: number | undefined;
  setFaults(faults: EmulatorFaults): void;
  /**
   * The server process hosting an ACTIVE or ACTIVATING game session crashes now: the session ends
   * (TERMINATED, no StatusReason, players COMPLETED) and its fleet logs SERVER_PROCESS_CRASHED naming
   * the compute and the session, with a log. Returns the event.
   */
  crashGameSession(gameSessionId: string, exitCode?: number): FleetEventRecord;
  close(): Promise<void>;
}

const isAgent = (a: unknown): a is SessionAgent => typeof a === 'object' && a !== null && typeof (a as SessionAgent).start === 'function';

/** Starts the emulator with the built-in DataChannelAgent, or with the SessionAgent given. */
export function startEmulator(options?: EmulatorOptions<DataChannelAgent>): Promise<Emulator<DataChannelAgent>>;
export function startEmulator<A extends SessionAgent = DataChannelAgent>(options: EmulatorOptions<A>): Promise<Emulator<A>>;
export async function startEmulator<A extends SessionAgent>(options: EmulatorOptions<A> = {}): Promise<Emulator<A>> {
  const scenario = typeof options.scenario === 'object' ? options.scenario : loadScenario(options.scenario);
  const clock = new EmulatorClock(options.timeScale ?? 1);
  const world = new World(scenario);
  const sdk4 = new Sdk4Secrets(options.sdk4);
  const sdk4LinuxFleets = [...new Set(world.sdk4Instances('linux').map((i) => i.fleet.spec.fleetId))];
  const sshServer =
    options.sdk4?.serveSsh && !options.sdk4.sshAddress ? await startSdk4SshServer(sdk4LinuxFleets.map((id) => sdk4.privateKeyPem(id)), options.log) : undefined;
  applyPorts(world, options, sshServer && { host: '127.0.0.1', port: sshServer.port });
  const credentials = new CredentialStore(
    clock,
    scenario.accountId,
    scenario.managedAccountId,
    options.credentialLifetimeMs ?? DEFAULT_CREDENTIAL_LIFETIME_MS,
    options.accountCredentials,
  );
  const kms = new LocalKms();
  const agent = (isAgent(options.agent) ? options.agent : await DataChannelAgent.listen(options.agent ?? {})) as A;

  const preferences = options.sessionManager ?? {};
  const streamPolicy = { moveStreamOnResume: false, requireSignedUpgrade: false };
  const logs = new LogStore(clock, scenario.region, `gamelift-logs-${scenario.region}`);
  const gamelift = new GameLiftService(world, credentials, sdk4, clock, logs);
  const ssm = ssmService(world, agent, kms, clock, () => ({
    agentVersion: preferences.agentVersion ?? scenario.sessionManager.agentVersion,
    kmsEncryption: preferences.kmsEncryption ?? scenario.sessionManager.kmsEncryption,
    idleTimeoutMs: preferences.idleTimeoutMs ?? clock.real(scenario.sessionManager.idleTimeoutMinutes * 60_000),
    nonInteractiveCommands: preferences.nonInteractiveCommands ?? scenario.sessionManager.nonInteractiveCommands,
  }), credentials, () => streamPolicy);
  // Only the built-in agent's endpoint has a front door to check upgrades at.
  if (agent instanceof DataChannelAgent) agent.upgradeGate = ssm.upgradeGate;
  // An emulator bug answers InternalFailure; say why even when no log was given.
  const report = options.log ?? ((m: string) => process.stderr.write(`[emulator] ${m}\n`));
  const onUnexpected = (e: unknown) => report(`unexpected error: ${e instanceof Error ? e.stack : String(e)}`);
  const services = [
    new ServiceEndpoint(gamelift.definition, credentials, onUnexpected),
    new ServiceEndpoint(ssm.definition, credentials, onUnexpected),
    new ServiceEndpoint(kmsService(kms, () => world.regions()), credentials, onUnexpected),
  ] as const;
  const [gameliftEndpoint, ssmEndpoint, kmsEndpoint] = await Promise.all(services.map((s) => s.listen()));
  const logsEndpoint = await logs.listen();
  const identityCenter = new IdentityCenter(scenario.identityCenter ?? defaultIdentityCenter(scenario.accountId, scenario.region), clock, credentials, onUnexpected);
  const { oidcEndpoint: ssoOidcEndpoint, portalEndpoint: ssoEndpoint } = await identityCenter.listen();

  const setFaults = (faults: EmulatorFaults) => {
    if (faults.accessRateLimit) {
      gamelift.accessLimit = faults.accessRateLimit;
      gamelift.limiter.reset();
    }
    if (faults.credentialLifetimeMs !== undefined) credentials.lifetimeMs = faults.credentialLifetimeMs;
    if (faults.expireCredentialsNow) credentials.expireIssuedNow();
    if (faults.moveStreamOnResume !== undefined) streamPolicy.moveStreamOnResume = faults.moveStreamOnResume;
    if (faults.requireSignedUpgrade !== undefined) streamPolicy.requireSignedUpgrade = faults.requireSignedUpgrade;
    if (faults.rateLimits !== undefined) {
      gamelift.rateLimits = { ...faults.rateLimits };
      gamelift.limiter.reset();
    }
    if (faults.liveFleetEvents !== undefined) world.fleetEvents.setLive(faults.liveFleetEvents ?? undefined, clock.now(), (ms) => clock.real(ms));
    if (faults.gameSessionTerminationMs !== undefined) gamelift.gameSessionSettings = { terminationDelayMs: faults.gameSessionTerminationMs };
    if (faults.sso !== undefined) identityCenter.setKnobs(faults.sso);
    if (faults.agent !== undefined) {
      if (!(agent instanceof DataChannelAgent)) throw new Error('agent faults need the built-in DataChannelAgent');
      agent.faults = faults.agent;
    }
  };
  if (options.faults) setFaults(options.faults);

  return {
    region: scenario.region,
    gameliftEndpoint: gameliftEndpoint!,
    ssmEndpoint: ssmEndpoint!,
    kmsEndpoint: kmsEndpoint!,
    logsEndpoint,
    ssoOidcEndpoint,
    ssoEndpoint,
    identityCenter,
    credentials: { accessKeyId: credentials.account.accessKeyId, secretAccessKey: credentials.account.secretAccessKey },
    scenario,
    world,
    agent,
    kms,
    sdk4,
    sessions: ssm.sessions,
    sdk4SshPort: sshServer?.port,
    setFaults,
    crashGameSession(gameSessionId, exitCode = 139) {
      const now = clock.now();
      const g = world.gameSessions.get(gameSessionId, now);
      if (!g) throw new Error(`No game session ${gameSessionId}`);
      if (g.status !== 'ACTIVE' && g.status !== 'ACTIVATING') throw new Error(`Game session ${gameSessionId} is ${g.status}, not running`);
      world.gameSessions.crash(g, now);
      const launch = g.fleet.os === 'windows' ? 'C:\\game\\GameServer.exe' : '/local/game/GameServer';
      const signal = exitCode === 139 ? ' (SIGSEGV)' : exitCode === 134 ? ' (SIGABRT)' : '';
      return world.fleetEvents.add(g.fleet.spec.fleetId, {
        eventCode: 'SERVER_PROCESS_CRASHED',
        message: `Server process exited without calling ProcessEnding(): exit code ${exitCode}${signal}. Compute ${g.computeName}, launch path ${launch}, game session ${g.arn}.`,
        log: `${new Date(now).toISOString()} ${launch} exited with code ${exitCode}${signal} while hosting ${g.arn} on ${g.computeName} (${g.location})\n`,
        time: now,
      });
    },
    async close() {
      await Promise.all([...services.map((s) => s.close()), logs.close(), identityCenter.close(), agent.close(), sshServer?.close()]);
    },
  };
}

/** Points SDK 4 instances at the test's SSH/RDP servers and applies explicit port mappings. */
function applyPorts<A extends SessionAgent>(world: World, options: EmulatorOptions<A>, builtInSsh: Endpoint | undefined): void {
  const pointAt = (os: 'linux' | 'windows', port: number, to: Endpoint | undefined) => {
    if (!to) return;
    for (const instance of world.sdk4Instances(os)) {
      instance.ipAddress = to.host;
      instance.ports.set(port, to);
    }
  };
  pointAt('linux', 22, options.sdk4?.sshAddress ?? builtInSsh);
  pointAt('windows', 3389, options.sdk4?.rdpAddress);
  for (const [instanceId, ports] of Object.entries(options.ports ?? {})) {
    for (const [port, to] of Object.entries(ports)) world.mapPort(instanceId, Number(port), to);
  }
  for (const [instanceId, root] of Object.entries(options.instanceRoots ?? {})) {
    const instance = world.instance(instanceId);
    if (!instance) throw new Error(`instanceRoots: the scenario has no instance ${instanceId}`);
    instance.root = root;
  }
}

export { DEFAULT_ACCESS_LIMIT };
