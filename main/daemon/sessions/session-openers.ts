// Which transport a session gets, by what the daemon knows of the fleet and compute: SSH or RDP
// straight to an SDK 4 instance (after checking or opening its inbound rule), an SSM shell or
// forward for SDK 5 and containers (a container shell enters the game server with docker exec).
// Each opener builds its transport from an Opening and returns what it built (openOrUndo undoes
// a half-built one); the session's life around it (access, vault, renewal, end) is the
// SessionManager's, and so is every write to session state.
import type { MethodInput, Session } from '../../../preload/contract';
import { regionOfLocation } from '../access/access';
import type { Discovery } from '../discovery/discovery';
import { DaemonError } from '../errors';
import type { Logger } from '../log/logger';
import { clientEnd, EARLY_EXIT_MS, exitWithin } from '../rdp/client-exit';
import type { LaunchedClient, RdpLauncher } from '../rdp/launcher';
import { prepareFolderShare, type FolderShare, type SharedFolder } from '../rdp/shared-folder';
import { directEndpoint, type DaemonSettings } from '../settings';
import { clientAddress } from '../ssh/client-address';
import type { InboundPorts } from '../ssh/inbound-port';
import { connectSsh, openSshShell } from '../ssh/ssh-shell';
import type { Client as SshClient } from 'ssh2';
import { openOrUndo, type Opening, type Undoable } from './opening';
import type { SessionManager } from './session-manager';
import { channelEvents, type ShellChannel } from './shell-channel';
import type { SsmConnector, SsmTargetSpec } from './ssm-seam';

/** What a `transfer` session gives files/: an SSH client (SDK 4 Linux) or a shell's byte stream (SSM). */
export type TransferLink =
  | { session: Session; via: 'sftp'; client: SshClient }
  | { session: Session; via: 'shell'; shell: ShellChannel; /** the container to run in */ runtimeId?: string };

export interface OpenerDeps {
  discovery: Discovery;
  inbound: InboundPorts;
  settings: DaemonSettings;
  ssm?: SsmConnector;
  rdpLauncher: RdpLauncher;
  log: Logger;
}

/** A live RDP session's clients: the newest one launched governs (its exit ends the session). */
interface RdpClients {
  current?: LaunchedClient;
  relaunching?: Promise<void>;
}

export class SessionOpeners {
  /** Per live RDP session (from its opener to its end): which client's exit ends it. */
  private readonly rdpClients = new Map<string, RdpClients>();

  constructor(
    private readonly sessions: SessionManager,
    private readonly deps: OpenerDeps,
  ) {}

  async openShell(input: MethodInput<'openShell'>): Promise<Session> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (fleet.access === 'instance-access') {
      if (target.os === 'windows') {
        throw new DaemonError('Unsupported', `${target.computeName} is a server SDK 4 Windows instance: it offers RDP, not a shell.`, 'Use Remote Desktop (openRdp).');
      }
      return this.sessions.open(fleet, target, { kind: 'shell', transport: 'ssh' }, 'instance-access', (opening) =>
        this.build(async (undoLater) => {
          const endpoint = await this.directTarget(opening, undoLater, 'ssh', 22, input.openInboundPort);
          const { connection, hostKeyFingerprint } = await opening.withSecret((secret) =>
            openSshShell({ host: endpoint.host, port: endpoint.port, username: endpoint.username ?? opening.facts.userName, privateKey: secret, ...terminalSize(input) }, opening.events),
          );
          return { connection, record: { hostKeyFingerprint, remoteHost: endpoint.host, remotePort: endpoint.port } };
        }),
      );
    }
    const ssm = this.requireSsm();
    const shellIn = fleet.kind === 'container' ? (input.shellIn ?? 'container') : undefined;
    return this.sessions.open(fleet, target, { kind: 'shell', transport: 'ssm', ...(shellIn ? { shellIn } : {}) }, 'compute-access', async (opening) => {
      const gameServer = this.deps.discovery.gameServerContainer(fleet.fleetId);
      const { containers } = opening.facts;
      const runtimeId = (containers.find((c) => c.containerName === gameServer && c.containerRuntimeId) ?? containers.find((c) => c.containerRuntimeId))?.containerRuntimeId;
      if (shellIn === 'container' && !runtimeId) {
        throw new DaemonError('NotFound', `GameLift reported no running container on ${target.computeName}.`, 'Open a host shell instead, and inspect with "sudo docker ps".');
      }
      if (runtimeId && !/^[A-Za-z0-9_.-]{1,128}$/.test(runtimeId)) throw new DaemonError('Internal', 'GameLift returned an unexpected container ID.');
      const connection = await ssm.openShell({ ...ssmTarget(opening), ...terminalSize(input) }, opening.events);
      // Into the container from the host shell (the documented way, and the default shell document
      // is the one GameLift's credentials surely allow); leaving the container returns to the host.
      if (shellIn === 'container') connection.write?.(Buffer.from(`sudo docker exec -it ${runtimeId} sh\n`));
      return { connection, cleanups: [], record: connection.idleTimeoutMinutes ? { idleTimeoutMinutes: connection.idleTimeoutMinutes } : {} };
    });
  }

  /**
   * A short-lived `transfer` session for one file copy or listing, never a user's terminal: on
   * server SDK 4 Linux the same access, vault and inbound-rule route as an SDK 4 shell, handing
   * back the authenticated ssh2 client (SFTP and exec); on SDK 5 Linux and container computes a
   * Session Manager shell of its own whose byte stream goes to the caller, not to terminalData
   * (with the container to enter: the game server's by default, `shellIn: 'host'` for the host).
   * The caller ends the session when it is done.
   */
  async openTransferLink(input: { fleetId: string; computeName: string; openInboundPort?: boolean | undefined; shellIn?: 'host' | 'container' | undefined }): Promise<TransferLink> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (target.os === 'windows' || fleet.os === 'windows') {
      throw new DaemonError(
        'Unsupported',
        fleet.access === 'instance-access'
          ? `${target.computeName} is a server SDK 4 Windows instance: its files are reached through Remote Desktop, not copied here.`
          : `${target.computeName} is a Windows compute: copying files over Session Manager needs PowerShell, which this version does not drive yet.`,
        'Copy files with Remote Desktop (openRdp) meanwhile.',
      );
    }
    if (fleet.access === 'compute-access') return this.openShellTransfer(input);
    if (fleet.access !== 'instance-access') {
      throw new DaemonError('Unsupported', `Fleet ${fleet.fleetId} offers no remote access, so its files cannot be reached.`, fleet.accessNote);
    }
    let client: SshClient | undefined;
    const session = await this.sessions.open(fleet, target, { kind: 'transfer', transport: 'ssh' }, 'instance-access', (opening) =>
      this.build(async (undoLater) => {
        const endpoint = await this.directTarget(opening, undoLater, 'ssh', 22, input.openInboundPort);
        const connected = await opening.withSecret((secret) =>
          connectSsh({ host: endpoint.host, port: endpoint.port, username: endpoint.username ?? opening.facts.userName, privateKey: secret }),
        );
        const ssh = connected.client;
        let closing = false;
        ssh.on('close', () => {
          if (!closing) opening.events.ended('the SSH connection closed', { unexpected: true });
        });
        ssh.on('error', () => {});
        client = ssh;
        const connection = {
          async close() {
            closing = true;
            ssh.end();
          },
        };
        return { connection, record: { hostKeyFingerprint: connected.hostKeyFingerprint, remoteHost: endpoint.host, remotePort: endpoint.port } };
      }),
    );
    if (!client) throw new DaemonError('Internal', 'The transfer connection was not built.');
    return { session, via: 'sftp', client };
  }

  /** openTransferLink for SDK 5 Linux and container computes: a Session Manager shell whose stream is the caller's. */
  private async openShellTransfer(input: { fleetId: string; computeName: string; shellIn?: 'host' | 'container' | undefined }): Promise<TransferLink> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    const ssm = this.requireSsm();
    const shellIn = fleet.kind === 'container' ? (input.shellIn ?? 'container') : undefined;
    let link: { shell: ShellChannel; runtimeId?: string } | undefined;
    const session = await this.sessions.open(fleet, target, { kind: 'transfer', transport: 'ssm', ...(shellIn ? { shellIn } : {}) }, 'compute-access', async (opening) => {
      const runtimeId = shellIn === 'container' ? this.containerRuntimeId(opening) : undefined;
      const { events, adopt } = channelEvents(opening.events);
      const adopted = adopt(await ssm.openShell({ ...ssmTarget(opening), cols: 200, rows: 50 }, events));
      link = { shell: adopted.channel, ...(runtimeId ? { runtimeId } : {}) };
      return { connection: adopted.connection, cleanups: [], record: {} };
    });
    if (!link) throw new DaemonError('Internal', 'The transfer connection was not built.');
    return { session, via: 'shell', ...link };
  }

  /** The game server container's runtime ID on the compute (the one docker exec enters). */
  private containerRuntimeId(opening: Opening<'compute-access'>): string {
    const gameServer = this.deps.discovery.gameServerContainer(opening.fleet.fleetId);
    const { containers } = opening.facts;
    const runtimeId = (containers.find((c) => c.containerName === gameServer && c.containerRuntimeId) ?? containers.find((c) => c.containerRuntimeId))?.containerRuntimeId;
    if (!runtimeId) throw new DaemonError('NotFound', `GameLift reported no running container on ${opening.target.computeName}.`, 'Open a host shell instead, and inspect with "sudo docker ps".');
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(runtimeId)) throw new DaemonError('Internal', 'GameLift returned an unexpected container ID.');
    return runtimeId;
  }

  async openForward(input: MethodInput<'openForward'>): Promise<Session> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (fleet.access !== 'compute-access') {
      throw new DaemonError('Unsupported', `Port forwarding needs Session Manager, which fleet ${fleet.fleetId} (server SDK 4) does not offer.`, 'SDK 4 instances are reached directly: open the port in the fleet settings.');
    }
    const ssm = this.requireSsm();
    const init = { kind: 'forward' as const, transport: 'ssm' as const, remotePort: input.remotePort, ...(input.remoteHost ? { remoteHost: input.remoteHost } : {}) };
    return this.sessions.open(fleet, target, init, 'compute-access', async (opening) => {
      const connection = await ssm.openForward(
        { ...ssmTarget(opening), remotePort: input.remotePort, ...(input.remoteHost ? { remoteHost: input.remoteHost } : {}), ...(input.localPort ? { localPort: input.localPort } : {}) },
        opening.events,
      );
      return { connection, cleanups: [], record: { localPort: connection.localPort, ...(connection.idleTimeoutMinutes ? { idleTimeoutMinutes: connection.idleTimeoutMinutes } : {}) } };
    });
  }

  async openRdp(input: MethodInput<'openRdp'>): Promise<Session> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (target.os !== 'windows' && fleet.os !== 'windows') {
      throw new DaemonError('Unsupported', `${target.computeName} is not a Windows instance; Remote Desktop needs Windows.`, 'Open a shell instead.');
    }
    const launch = input.launchClient ?? true;
    // A folder to share is checked before any access is issued: bad input costs nothing.
    const sharing = input.shareFolder === undefined ? undefined : await this.folderShare(input.shareFolder, input.shareName, launch);
    const share = sharing ? { share: sharing.share } : {};
    const sharedRecord = sharing ? { sharedFolder: sharing.shared } : {};
    // Set when a client was launched; watched once the session is active.
    let client: LaunchedClient | undefined;
    let session: Session;
    if (fleet.access === 'instance-access') {
      session = await this.sessions.open(fleet, target, { kind: 'rdp', transport: 'direct', remotePort: 3389 }, 'instance-access', (opening) =>
        this.build(async (undoLater) => {
          this.trackRdpClients(opening.sessionId, undoLater);
          const endpoint = await this.directTarget(opening, undoLater, 'rdp', 3389, input.openInboundPort);
          // The user the client signs in as (an override's, else the one GameLift issued), shown so a login can be finished by hand.
          const userName = endpoint.username ?? opening.facts.userName;
          if (launch) {
            client = await this.launchRdpClient(undoLater, () =>
              opening.withSecret((password) => this.deps.rdpLauncher({ host: endpoint.host, port: endpoint.port, username: userName, password, ...share })),
            );
          }
          return { record: { remoteHost: endpoint.host, remotePort: endpoint.port, userName, ...sharedRecord } };
        }),
      );
    } else {
      // SDK 5 and containers: the RDP port forwarded over SSM; no GameLift API issues a Windows login.
      const ssm = this.requireSsm();
      session = await this.sessions.open(fleet, target, { kind: 'rdp', transport: 'ssm', remotePort: 3389 }, 'compute-access', async (opening) => {
        const connection = await ssm.openForward({ ...ssmTarget(opening), remotePort: 3389 }, opening.events);
        try {
          return await this.build(async (undoLater) => {
            this.trackRdpClients(opening.sessionId, undoLater);
            if (launch) client = await this.launchRdpClient(undoLater, () => this.deps.rdpLauncher({ host: '127.0.0.1', port: connection.localPort, ...share }));
            return { connection, record: { localPort: connection.localPort, ...sharedRecord } };
          });
        } catch (err) {
          await connection.close(); // not handed over: the forward goes with the failed launch
          throw err;
        }
      });
    }
    if (client) this.endWithClient(session.id, client);
    return session;
  }

  /**
   * Launches the platform RDP client again for live RDP session `session` (the daemon checked its
   * kind), with the same login as the first launch: the direct session's address, user and vault
   * password, or the SSM forward's local port. The new client becomes the session's client: its
   * exit ends the session as the first one's does (one it replaced, e.g. disconnected by the new
   * login, no longer does), it is stopped at the session's end, and one that fails at once ends
   * the session and the call with its words. Concurrent calls share one launch.
   */
  relaunchRdpClient(session: Session): Promise<void> {
    const clients = this.rdpClients.get(session.id);
    if (!clients) throw new DaemonError('NotFound', `Session ${session.id} is not running.`);
    clients.relaunching ??= this.relaunch(session, clients).finally(() => (clients.relaunching = undefined));
    return clients.relaunching;
  }

  private async relaunch(session: Session, clients: RdpClients): Promise<void> {
    const id = session.id;
    // The same folder again, checked again: it may have gone since (the session goes on without a new client then).
    const share = session.sharedFolder ? { share: await this.sameFolderShare(session.sharedFolder) } : {};
    let client: LaunchedClient;
    if (session.transport === 'direct') {
      const { remoteHost, remotePort, userName } = session;
      if (!remoteHost || !remotePort) throw new DaemonError('Internal', `Session ${id} has no address to connect to.`);
      client = await this.sessions.withSessionSecret(id, (password) => this.deps.rdpLauncher({ host: remoteHost, port: remotePort, ...(userName ? { username: userName } : {}), password, ...share }));
    } else {
      if (!session.localPort) throw new DaemonError('Internal', `Session ${id} has no local port.`);
      client = await this.deps.rdpLauncher({ host: '127.0.0.1', port: session.localPort, ...share });
    }
    try {
      this.sessions.addCleanup(id, async () => client.kill());
    } catch (err) {
      client.kill(); // the session ended while the client started
      throw err;
    }
    clients.current = client;
    const early = await exitWithin(client, EARLY_EXIT_MS);
    if (!early) return this.endWithClient(id, client);
    const end = clients.current === client ? clientEnd(client, early.code) : null;
    if (!end) return;
    this.sessions.connectionEvents(id).ended(end.reason, { unexpected: false, by: end.failed ? 'failure' : 'user' });
    if (end.failed) throw new DaemonError('Unreachable', `${end.reason.charAt(0).toUpperCase()}${end.reason.slice(1)}.`);
  }

  /** openRdp's shareFolder checked for this platform's client; only a launched client can share. */
  private async folderShare(path: string, name: string | undefined, launch: boolean): Promise<{ share: FolderShare; shared: SharedFolder }> {
    if (!launch) {
      throw new DaemonError('InvalidInput', 'A shared folder is handed to the RDP client the daemon launches, and none is launched here.', 'Launch the client (leave out --no-launch / launchClient: false), or share the folder in your own client.');
    }
    return prepareFolderShare({ path, name });
  }

  private async sameFolderShare(shared: SharedFolder): Promise<FolderShare> {
    // mstsc's share is named after the drive (not a name the user gave): derive it again.
    const { share } = await prepareFolderShare({ path: shared.localPath, ...(/^[A-Z]$/.test(shared.name) ? {} : { name: shared.name }) });
    return share;
  }

  /** Keeps the session's RDP clients from its opener to its end (or the opener's failure). */
  private trackRdpClients(sessionId: string, undoLater: Undoable): void {
    this.rdpClients.set(sessionId, {});
    undoLater(async () => {
      this.rdpClients.delete(sessionId);
    });
  }

  /** An opener's steps, undone if a later one fails (openOrUndo); undo failures go to the log. */
  private build(steps: Parameters<typeof openOrUndo>[0]) {
    return openOrUndo(steps, (err) => this.deps.log.warn('sessions', 'could not undo a step of a failed open', {}, err));
  }

  /**
   * Launches the session's RDP client and gives it a moment to fail: a client that cannot even
   * start its connection fails the open in its own words (the session ends, its secret is wiped).
   * The client is stopped when the session ends, whoever ends it.
   */
  private async launchRdpClient(undoLater: Undoable, launch: () => Promise<LaunchedClient>): Promise<LaunchedClient> {
    const client = await launch();
    undoLater(async () => client.kill());
    const early = await exitWithin(client, EARLY_EXIT_MS);
    const end = early && clientEnd(client, early.code);
    if (end?.failed) throw new DaemonError('Unreachable', `${end.reason.charAt(0).toUpperCase()}${end.reason.slice(1)}.`);
    return client;
  }

  /**
   * The session exists for its client: when the client (the newest launched) exits, the session ends (a failure with an
   * `ended-unexpectedly` notification, a user's close quietly), which wipes its secret. An exit
   * caused by the session ending first finds the session gone and does nothing.
   */
  private endWithClient(sessionId: string, client: LaunchedClient): void {
    const clients = this.rdpClients.get(sessionId);
    if (clients) clients.current = client;
    void client.exited.then((code) => {
      // A client replaced by a relaunch (relaunchRdpClient) no longer speaks for the session.
      if (this.rdpClients.get(sessionId)?.current !== client) return;
      const end = clientEnd(client, code);
      if (end) this.sessions.connectionEvents(sessionId).ended(end.reason, { unexpected: end.failed, by: end.failed ? 'failure' : 'user' });
    });
  }

  /** The host and port of a direct (SDK 4) session, with the fleet's inbound rule checked or opened (and closed again at the end). */
  private async directTarget(opening: Opening<'instance-access'>, undoLater: Undoable, kind: 'ssh' | 'rdp', port: number, openInboundPort: boolean | undefined) {
    const { fleet, target, facts, who } = opening;
    const instanceId = target.instanceId ?? target.computeName;
    const endpoint = directEndpoint(this.deps.settings, kind, instanceId, facts.ipAddress ?? target.ipAddress);
    if (!endpoint) throw new DaemonError('Unreachable', `GameLift reported no address for ${instanceId}.`);
    const address = await clientAddress(this.deps.settings.clientAddress);
    const release = await this.deps.inbound.ensure({
      fleetId: fleet.fleetId,
      ...(target.location !== fleet.homeRegion ? { location: target.location } : {}),
      port,
      address,
      mayOpen: openInboundPort ?? this.deps.settings.autoOpenInboundPorts,
    }, who);
    undoLater(release);
    return endpoint;
  }

  private requireSsm(): SsmConnector {
    if (!this.deps.ssm) throw new DaemonError('Unsupported', 'Session Manager sessions are not available in this daemon.');
    return this.deps.ssm;
  }
}

/** The size a shell starts at, when the caller knows its terminal's. */
function terminalSize(input: MethodInput<'openShell'>): { cols?: number; rows?: number } {
  return { ...(input.cols ? { cols: input.cols } : {}), ...(input.rows ? { rows: input.rows } : {}) };
}

/** Where and as whom an SSM transport connects: the compute's location Region, its one credential source. */
function ssmTarget(opening: Opening<'compute-access'>): SsmTargetSpec {
  return { region: regionOfLocation(opening.target.location), target: opening.facts.ssmTarget, endpoints: opening.who.endpoints, credentials: opening.credentials };
}
