// The daemon facade that the Electron main process, the CLI and the web mode create. It owns the
// identity, discovery, access, vault and sessions, implements every contract method (inputs are
// validated by the dispatcher before they get here), and stop() ends sessions and wipes the vault.
import { join } from 'node:path';
import type { z } from 'zod';
import { isAllowedExternalUrl, type MethodName, type MethodOutput, type methods, type Session } from '../../preload/contract';
import { AccessBroker } from './access/access';
import type { Endpoints } from './aws/clients';
import { accessLimiter } from './access/limiter';
import { Discovery, type DiscoveryOptions } from './discovery/discovery';
import { DaemonError } from './errors';
import { EventBus } from './events';
import { Diagnostics } from './files/diagnostics';
import { Transfers } from './files/transfers';
import { Identity, type SandboxIdentity } from './identity/identity';
import { listProfiles } from './identity/profiles';
import type { AwsFiles } from './identity/sso/aws-files';
import { SignIns } from './identity/sso/sign-ins';
import { SsoMethods } from './identity/sso/sso-methods';
import { userCredentials } from './identity/sso/user-credentials';
import { dataDirLogger, type Logger, type LogLevel } from './log/logger';
import { openWithPlatform } from './open-external';
import { appDataDir, vaultIndexPath } from './paths';
import { ClipboardGuard, platformClipboard, type Clipboard } from './rdp/clipboard';
import { platformRdpLauncher } from './rdp/launch';
import { RecentTargets } from './recent-targets';
import type { RdpLauncher } from './rdp/launcher';
import { SessionManager } from './sessions/session-manager';
import { SessionOpeners } from './sessions/session-openers';
import { SessionRegistry } from './sessions/registry';
import { nativeSsmConnector } from './sessions/ssm-connector';
import type { SsmConnector } from './sessions/ssm-seam';
import { resolveSettings, type DaemonSettings } from './settings';
import { InboundPorts } from './ssh/inbound-port';
import { downloadsFolder, WindowFiles } from './window-files';
import type { FindOptions } from './triage/find';
import { Triage } from './triage/triage';
import { osKeychain, refusingKeychain, type Keychain } from './vault/keychain';
import { Vault } from './vault/vault';

// The facade is main/electron/'s doorway to the daemon: the tray app asks which profiles exist before it starts one,
// and hands in Electron's clipboard.
export { listProfiles };
export type { Clipboard };

export const DAEMON_VERSION = '0.1.0';
const KEYCHAIN_SERVICE = 'gamelift-connect';

export interface DaemonOptions {
  /** App data dir (vault index); default: the platform's (paths.ts). */
  dataDir?: string;
  profile?: string | null;
  region?: string | null;
  /** Endpoint overrides for the user's identity (VPC endpoints, a proxy); the sandbox brings its own. */
  endpoints?: Endpoints;
  /** Run against the emulator instead of AWS. */
  sandbox?: SandboxIdentity;
  /** The AWS config file and token cache of IAM Identity Center sign-ins; default: the user's (the sandbox's are private: web/sandbox-aws-files.ts). */
  awsFiles?: AwsFiles;
  settings?: Partial<DaemonSettings>;
  discovery?: DiscoveryOptions;
  /** The Session Manager client; default: the native one (main/daemon/ssm/). */
  ssm?: SsmConnector;
  rdpLauncher?: RdpLauncher;
  /** Keychain service name; tests use their own. */
  keychainService?: string;
  keychain?: Keychain;
  openExternal?: (url: string) => Promise<boolean>;
  /**
   * Opens an IAM Identity Center sign-in page (checked by the daemon first: identity/sso/sign-in-url.ts)
   * in the user's default browser; default: `openExternal`, else the platform opener. The tray app
   * passes Electron's shell.openExternal, since its `openExternal` admits only the link allowlist.
   */
  openSignInUrl?: (url: string) => Promise<boolean>;
  /** How revealDownload opens a folder; default: the platform's opener (xdg-open, open, explorer.exe). */
  openFolder?: (dir: string) => Promise<boolean>;
  /** Where downloadToFolder saves; default: GAMELIFT_CONNECT_DOWNLOADS_DIR, else ~/Downloads. */
  downloadsDir?: string;
  /**
   * Where copyRdpPassword puts a password: the host's clipboard (Electron's in the tray app);
   * default: the platform's tool (wl-copy, xclip, xsel, pbcopy, clip.exe; rdp/clipboard.ts).
   */
  clipboard?: Clipboard;
  /** How long a copied password stays on the clipboard (default 30 s; tests make it short). */
  clipboardClearMs?: number;
  /** The daemon's log; default: `<dataDir>/logs/gamelift-connect.log` (log/logger.ts). */
  log?: Logger;
  /** The default log's lines also go here from `level` up (the CLI's `--verbose`: stderr); ignored with `log`. */
  logMirror?: { write: (line: string) => void; level?: LogLevel };
  /** Poll the followed fleets' events (default true); a one-shot CLI command's in-process daemon does not. */
  watchEvents?: boolean;
  /** How long a call waits for an IAM Identity Center sign-in before it fails with SignInNeeded (default 10 minutes). */
  signInWaitMs?: number;
  /** Bounds of `find`'s searches across fleets (tests make them small). */
  find?: FindOptions;
}

/** Every contract method, taking input already parsed by its schema. */
export type DaemonApi = {
  [M in MethodName]: (input: z.output<(typeof methods)[M]['input']>) => Promise<MethodOutput<M>>;
};

/** The OS keychain, or — without one — a keychain whose every store refuses with the reason. */
function availableKeychain(service: string): Keychain {
  try {
    return osKeychain(service);
  } catch (err) {
    if (err instanceof DaemonError) return refusingKeychain(err);
    throw err;
  }
}

export class Daemon {
  readonly api: DaemonApi;
  private readonly transfers: Transfers;
  private readonly sso: SsoMethods;
  private readonly diagnostics: Diagnostics;
  private readonly windowFiles: WindowFiles;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly events: EventBus,
    readonly identity: Identity,
    readonly discovery: Discovery,
    readonly vault: Vault,
    readonly registry: SessionRegistry,
    readonly sessions: SessionManager,
    private readonly openers: SessionOpeners,
    readonly inbound: InboundPorts,
    readonly settings: DaemonSettings,
    readonly log: Logger,
    readonly triage: Triage,
    private readonly opts: DaemonOptions,
    readonly recent: RecentTargets,
    private readonly clipboard: ClipboardGuard,
    readonly signIns: SignIns,
  ) {
    this.sso = new SsoMethods(signIns, identity);
    this.transfers = new Transfers({ openers, sessions, events, log });
    this.diagnostics = new Diagnostics({
      openers,
      sessions,
      describe: async (fleetId, computeName) => {
        const { fleet, target } = await discovery.getTarget(fleetId, computeName);
        const os = fleet.os === 'windows' || target.os === 'windows' ? 'windows' : 'linux';
        return { fleetId: fleet.fleetId, computeName: target.computeName, os, containers: target.containers ?? [] };
      },
      events,
      log,
      defaultOutDir: opts.downloadsDir ?? downloadsFolder(),
      toolVersion: DAEMON_VERSION,
    });
    this.windowFiles = new WindowFiles({
      downloadsDir: opts.downloadsDir ?? downloadsFolder(),
      stagingDir: join(opts.dataDir ?? appDataDir(), 'upload-staging'),
      download: (input) => this.transfers.download(input),
      upload: (input) => this.transfers.upload(input),
      openFolder: opts.openFolder ?? openWithPlatform,
    });
    this.api = this.handlers();
  }

  static async start(opts: DaemonOptions = {}): Promise<Daemon> {
    const settings = resolveSettings(opts.settings);
    const dataDir = opts.dataDir ?? appDataDir();
    const mirror = opts.logMirror;
    const log = opts.log ?? dataDirLogger(dataDir, mirror ? { mirror: mirror.write, mirrorLevel: mirror.level ?? 'debug' } : {});
    log.info('daemon', 'starting', { version: DAEMON_VERSION, pid: process.pid, sandbox: Boolean(opts.sandbox), dataDir });
    const keychain = opts.keychain ?? availableKeychain(opts.keychainService ?? KEYCHAIN_SERVICE);
    // Opening the vault sweeps secrets a crashed predecessor left behind.
    const vault = await Vault.open(keychain, vaultIndexPath(dataDir), log);
    const events = new EventBus(log);
    const endpoints = opts.endpoints ?? {};
    // The sandbox's emulated IAM Identity Center, else the user's overrides (a test's emulator, a VPC endpoint).
    const ssoEndpoints = opts.sandbox?.endpoints ?? endpoints;
    const signIns: SignIns = new SignIns({
      events,
      log,
      endpoints: () => ssoEndpoints,
      openBrowser: opts.openSignInUrl ?? opts.openExternal ?? openWithPlatform,
      currentProfile: (): string | null => identity.profile,
      ...(opts.signInWaitMs !== undefined ? { waitMs: opts.signInWaitMs } : {}),
      ...(opts.awsFiles ? { files: opts.awsFiles } : {}),
    });
    const identity: Identity = new Identity({ profile: opts.profile ?? null, region: opts.region ?? null, endpoints }, opts.sandbox, (who) => userCredentials(signIns, who));
    const discovery = new Discovery(identity, opts.discovery);
    const registry = new SessionRegistry(events);
    // A /32 we opened and could not close is the user's to know about: it stays open until removed.
    const inbound = new InboundPorts(({ fleetId, port, ipRange, reason }) => {
      log.warn('ssh', 'could not revoke an inbound rule', { fleetId, port, ipRange, reason });
      events.emit('notification', {
        kind: 'info',
        title: `Port ${port} is still open on ${fleetId}`,
        body: `GameLift Connect could not remove the inbound rule for ${ipRange}: ${reason} Remove it in the GameLift console or with update-fleet-port-settings.`,
      });
    });
    const sessions = new SessionManager({ registry, events, vault, access: new AccessBroker(accessLimiter()), settings, identity, log });
    const openers = new SessionOpeners(sessions, {
      discovery,
      inbound,
      settings,
      ssm: opts.ssm ?? nativeSsmConnector(log),
      rdpLauncher: opts.rdpLauncher ?? platformRdpLauncher(),
      log,
    });
    const triage = new Triage({ identity, discovery, events, log, dataDir, eventPollMs: settings.eventPollMs, ...(opts.find ? { find: opts.find } : {}) });
    await triage.watch.start({ poll: opts.watchEvents !== false });
    const clipboard = new ClipboardGuard(() => opts.clipboard ?? platformClipboard(), opts.clipboardClearMs, (err) => log.warn('daemon', 'could not clear the clipboard', {}, err));
    return new Daemon(events, identity, discovery, vault, registry, sessions, openers, inbound, settings, log, triage, opts, new RecentTargets(dataDir), clipboard, signIns);
  }

  /**
   * Ends every session, revokes opened port rules and wipes the vault: resolves once the keychain
   * holds nothing of this daemon. Safe to call twice; a second call waits for the first.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    this.triage.stop();
    // Sessions starting meanwhile are refused; renewals and starts under way are waited for.
    await this.sessions.endAll('the daemon stopped');
    await this.inbound.revokeAll();
    await this.vault.wipe();
    await this.clipboard.flush(); // a password copied lately goes with the daemon
    await this.windowFiles.close();
    this.signIns.close();
    this.identity.close();
    this.log.info('daemon', 'stopped');
  }

  private handlers(): DaemonApi {
    return {
      getStatus: async () => ({
        version: DAEMON_VERSION,
        sandbox: Boolean(this.identity.sandbox),
        profile: this.identity.profile,
        region: this.identity.region,
        logFile: this.log.file,
        ...(this.identity.ssoRole ? { ssoRole: this.identity.ssoRole } : {}),
      }),
      listProfiles: async () => ({ profiles: this.identity.sandbox ? [] : await listProfiles() }),
      setIdentity: async ({ profile, region }) => {
        if (profile !== null && !this.identity.sandbox && !(await listProfiles()).some((p) => p.name === profile)) {
          throw new DaemonError('NotFound', `There is no AWS profile named ${profile}.`, 'Profiles come from ~/.aws/config and ~/.aws/credentials.');
        }
        this.identity.set(profile, region);
        return { profile: this.identity.profile, region: this.identity.region };
      },
      listFleets: async ({ refresh }) => ({ fleets: await this.discovery.listFleets(refresh ?? false) }),
      listTargets: async ({ fleetId, location, refresh }) => ({ targets: await this.discovery.listTargets(fleetId, location, refresh ?? false) }),
      openShell: (input) => this.opened(this.openers.openShell(input)),
      openForward: (input) => this.opened(this.openers.openForward(input)),
      openRdp: (input) => this.opened(this.openers.openRdp(input)),
      downloadFile: async (input) => this.windowFiles.noteWritten(await this.transfers.download(input)),
      downloadToFolder: (input) => this.windowFiles.downloadToFolder(input),
      revealDownload: ({ path }) => this.windowFiles.reveal(path),
      stageUpload: (input) => this.windowFiles.stage(input),
      uploadStaged: (input) => this.windowFiles.uploadStaged(input),
      uploadFile: (input) => this.transfers.upload(input),
      cancelTransfer: async ({ transferId }) => ({
        cancelled: this.transfers.cancel(transferId) || this.diagnostics.cancel(transferId) || (await this.windowFiles.discard(transferId)),
      }),
      collectDiagnostics: async (input) => this.windowFiles.noteWritten(await this.diagnostics.collect(input)),
      listDirectory: (input) => this.transfers.list(input),
      listSessions: async () => ({ sessions: this.registry.list() }),
      renewSession: ({ sessionId }) => this.sessions.renew(sessionId),
      endSession: async ({ sessionId }) => ({ ended: await this.sessions.end(sessionId) }),
      writeTerminal: async ({ sessionId, data }) => {
        const bytes = Buffer.from(data, 'base64');
        if (bytes.length > 64 * 1024) throw new DaemonError('InvalidInput', 'At most 64 KiB of terminal input per call.');
        return { accepted: this.sessions.write(sessionId, bytes) };
      },
      resizeTerminal: async ({ sessionId, cols, rows }) => ({ ok: this.sessions.resize(sessionId, cols, rows) }),
      ackTerminal: async ({ sessionId, viewerId, upTo }) => ({ ok: this.sessions.ackTerminal(sessionId, viewerId, upTo) }),
      readTerminalBacklog: async ({ sessionId }) => {
        const { data, offset } = this.sessions.backlog(sessionId);
        return { data: data.toString('base64'), offset };
      },
      openExternal: async ({ url }) => {
        if (!isAllowedExternalUrl(url)) throw new DaemonError('InvalidInput', 'That link is not one the app opens.');
        return { opened: await (this.opts.openExternal ?? openWithPlatform)(url) };
      },
      find: ({ text, kind }) => this.triage.find(text, kind),
      listGameSessions: (input) => this.triage.listGameSessions(input),
      terminateGameSession: ({ gameSessionId, mode }) => this.triage.terminateGameSession(gameSessionId, mode),
      getGameSessionLog: ({ gameSessionId, path }) => this.triage.getGameSessionLog(gameSessionId, path),
      listFleetEvents: (input) => this.triage.listFleetEvents(input),
      downloadFleetEventLog: ({ fleetId, eventId, path }) => this.triage.downloadFleetEventLog(fleetId, eventId, path),
      fleetHealth: ({ fleetId }) => this.triage.fleetHealth(fleetId),
      listFollowedFleets: async () => ({ fleets: this.triage.watch.list(), pollIntervalMs: this.triage.watch.intervalMs }),
      followFleet: async ({ fleetId }) => ({ fleets: await this.triage.followFleet(fleetId), pollIntervalMs: this.triage.watch.intervalMs }),
      unfollowFleet: async ({ fleetId }) => ({ fleets: await this.triage.unfollowFleet(fleetId), pollIntervalMs: this.triage.watch.intervalMs }),
      copyRdpPassword: async ({ sessionId }) => {
        const session = this.liveRdp(sessionId);
        if (session.transport !== 'direct') {
          throw new DaemonError(
            'Unsupported',
            'Only server SDK 4 Remote Desktop sessions come with a Windows password from GameLift.',
            'On SDK 5 and container fleets, sign in with an account set up on the instance.',
          );
        }
        const clearsInSeconds = await this.sessions.withSessionSecret(sessionId, (password) => this.clipboard.copy(password));
        this.log.info('daemon', 'RDP password copied to the clipboard', { sessionId, clearsInSeconds });
        return { copied: true as const, ...(clearsInSeconds !== undefined ? { clearsInSeconds } : {}) };
      },
      relaunchRdpClient: async ({ sessionId }) => {
        await this.openers.relaunchRdpClient(this.liveRdp(sessionId));
        this.log.info('daemon', 'RDP client launched again', { sessionId });
        return this.registry.get(sessionId);
      },
      listRecentTargets: async () => ({ targets: await this.recent.list() }),
      ssoStatus: () => this.signIns.status(),
      startSignIn: (input) => this.signIns.start(input),
      awaitSignIn: ({ signInId }) => this.signIns.await(signInId),
      cancelSignIn: async ({ signInId }) => ({ cancelled: this.signIns.cancel(signInId) }),
      listSsoAccounts: (input) => this.sso.listAccounts(input),
      listSsoAccountRoles: (input) => this.sso.listAccountRoles(input),
      useSsoRole: (input) => this.sso.useRole(input),
      saveSsoProfile: (input) => this.sso.saveProfile(input),
    };
  }

  /** A session that opened is a recent target (the tray's "Recent connections"); failing to note it fails nothing. */
  private async opened(opening: Promise<Session>): Promise<Session> {
    const session = await opening;
    await this.recent.record(session).catch((err: unknown) => this.log.warn('daemon', 'could not note a recent target', {}, err));
    return session;
  }

  /** An RDP session that is still running; NotFound or Unsupported otherwise. */
  private liveRdp(sessionId: string): Session {
    const session = this.registry.get(sessionId);
    if (session.kind !== 'rdp') throw new DaemonError('Unsupported', `Session ${sessionId} is a ${session.kind} session, not Remote Desktop.`);
    if (session.state === 'ended' || session.state === 'starting') throw new DaemonError('NotFound', `Session ${sessionId} is not running.`);
    return session;
  }
}
