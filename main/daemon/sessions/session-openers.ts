// Which transport a session gets, by what the daemon knows of the fleet and compute: SSH or RDP
// straight to an SDK 4 instance (after checking or opening its inbound rule), an SSM shell or
// forward for SDK 5 and containers (a container shell enters the game server with docker exec).
// The session's life around it (access, vault, renewal, end) is the SessionManager's.
import type { MethodInput, Session } from '../../../preload/contract';
import type { Discovery } from '../discovery/discovery';
import { DaemonError } from '../errors';
import { clientEnd, EARLY_EXIT_MS, exitWithin } from '../rdp/client-exit';
import type { LaunchedClient, RdpLauncher } from '../rdp/launcher';
import { directEndpoint, type DaemonSettings } from '../settings';
import { clientAddress } from '../ssh/client-address';
import type { InboundPorts } from '../ssh/inbound-port';
import { openSshShell } from '../ssh/ssh-shell';
import type { SessionManager } from './session-manager';
import type { SessionRuntime } from './session-runtime';
import type { SsmConnector } from './ssm-seam';

export interface OpenerDeps {
  discovery: Discovery;
  inbound: InboundPorts;
  settings: DaemonSettings;
  ssm?: SsmConnector;
  rdpLauncher: RdpLauncher;
}

export class SessionOpeners {
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
      return this.sessions.open(fleet, target, { kind: 'shell', transport: 'ssh' }, 'instance-access', async (rt, facts, session) => {
        const endpoint = await this.directTarget(rt, 'ssh', 22, facts.ipAddress, input.openInboundPort);
        const { connection, hostKeyFingerprint } = await this.sessions.withSecret(rt, (secret) =>
          openSshShell({ host: endpoint.host, port: endpoint.port, username: endpoint.username ?? facts.userName, privateKey: secret }, this.sessions.connectionEvents(session.id)),
        );
        rt.connection = connection;
        return { hostKeyFingerprint, remoteHost: endpoint.host, remotePort: endpoint.port };
      });
    }
    const ssm = this.requireSsm();
    const shellIn = fleet.kind === 'container' ? (input.shellIn ?? 'container') : undefined;
    return this.sessions.open(fleet, target, { kind: 'shell', transport: 'ssm', ...(shellIn ? { shellIn } : {}) }, 'compute-access', async (rt, facts, session) => {
      const gameServer = this.deps.discovery.gameServerContainer(fleet.fleetId);
      const runtimeId = (facts.containers.find((c) => c.containerName === gameServer && c.containerRuntimeId) ?? facts.containers.find((c) => c.containerRuntimeId))?.containerRuntimeId;
      if (shellIn === 'container' && !runtimeId) {
        throw new DaemonError('NotFound', `GameLift reported no running container on ${target.computeName}.`, 'Open a host shell instead, and inspect with "sudo docker ps".');
      }
      if (runtimeId && !/^[A-Za-z0-9_.-]{1,128}$/.test(runtimeId)) throw new DaemonError('Internal', 'GameLift returned an unexpected container ID.');
      const connection = await ssm.openShell(this.sessions.ssmTarget(rt, facts), this.sessions.connectionEvents(session.id));
      rt.connection = connection;
      // Into the container from the host shell (the documented way, and the default shell document
      // is the one GameLift's credentials surely allow); leaving the container returns to the host.
      if (shellIn === 'container') connection.write?.(Buffer.from(`sudo docker exec -it ${runtimeId} sh\n`));
      return connection.idleTimeoutMinutes ? { idleTimeoutMinutes: connection.idleTimeoutMinutes } : {};
    });
  }

  async openForward(input: MethodInput<'openForward'>): Promise<Session> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (fleet.access !== 'compute-access') {
      throw new DaemonError('Unsupported', `Port forwarding needs Session Manager, which fleet ${fleet.fleetId} (server SDK 4) does not offer.`, 'SDK 4 instances are reached directly: open the port in the fleet settings.');
    }
    const ssm = this.requireSsm();
    const init = { kind: 'forward' as const, transport: 'ssm' as const, remotePort: input.remotePort, ...(input.remoteHost ? { remoteHost: input.remoteHost } : {}) };
    return this.sessions.open(fleet, target, init, 'compute-access', async (rt, facts, session) => {
      const connection = await ssm.openForward(
        { ...this.sessions.ssmTarget(rt, facts), remotePort: input.remotePort, ...(input.remoteHost ? { remoteHost: input.remoteHost } : {}), ...(input.localPort ? { localPort: input.localPort } : {}) },
        this.sessions.connectionEvents(session.id),
      );
      rt.connection = connection;
      return { localPort: connection.localPort, ...(connection.idleTimeoutMinutes ? { idleTimeoutMinutes: connection.idleTimeoutMinutes } : {}) };
    });
  }

  async openRdp(input: MethodInput<'openRdp'>): Promise<Session> {
    const { fleet, target } = await this.deps.discovery.getTarget(input.fleetId, input.computeName);
    if (target.os !== 'windows' && fleet.os !== 'windows') {
      throw new DaemonError('Unsupported', `${target.computeName} is not a Windows instance; Remote Desktop needs Windows.`, 'Open a shell instead.');
    }
    const launch = input.launchClient ?? true;
    // Set by the transport step when a client was launched; watched once the session is active.
    const launched: { client?: LaunchedClient } = {};
    let session: Session;
    if (fleet.access === 'instance-access') {
      session = await this.sessions.open(fleet, target, { kind: 'rdp', transport: 'direct', remotePort: 3389 }, 'instance-access', async (rt, facts) => {
        const endpoint = await this.directTarget(rt, 'rdp', 3389, facts.ipAddress, input.openInboundPort);
        if (launch) {
          launched.client = await this.launchRdpClient(rt, () =>
            this.sessions.withSecret(rt, (password) => this.deps.rdpLauncher({ host: endpoint.host, port: endpoint.port, username: endpoint.username ?? facts.userName, password })),
          );
        }
        return { remoteHost: endpoint.host, remotePort: endpoint.port };
      });
    } else {
      // SDK 5 and containers: the RDP port forwarded over SSM; no GameLift API issues a Windows login.
      const ssm = this.requireSsm();
      session = await this.sessions.open(fleet, target, { kind: 'rdp', transport: 'ssm', remotePort: 3389 }, 'compute-access', async (rt, facts, starting) => {
        const connection = await ssm.openForward({ ...this.sessions.ssmTarget(rt, facts), remotePort: 3389 }, this.sessions.connectionEvents(starting.id));
        rt.connection = connection;
        if (launch) launched.client = await this.launchRdpClient(rt, () => this.deps.rdpLauncher({ host: '127.0.0.1', port: connection.localPort }));
        return { localPort: connection.localPort };
      });
    }
    if (launched.client) this.endWithClient(session.id, launched.client);
    return session;
  }

  /**
   * Launches the session's RDP client and gives it a moment to fail: a client that cannot even
   * start its connection fails the open in its own words (the session ends, its secret is wiped).
   * The client is stopped when the session ends, whoever ends it.
   */
  private async launchRdpClient(rt: SessionRuntime, launch: () => Promise<LaunchedClient>): Promise<LaunchedClient> {
    const client = await launch();
    rt.cleanups.push(async () => client.kill());
    const early = await exitWithin(client, EARLY_EXIT_MS);
    const end = early && clientEnd(client, early.code);
    if (end?.failed) throw new DaemonError('Unreachable', `${end.reason.charAt(0).toUpperCase()}${end.reason.slice(1)}.`);
    return client;
  }

  /**
   * The session exists for its client: when the client exits, the session ends (a failure with an
   * `ended-unexpectedly` notification, a user's close quietly), which wipes its secret. An exit
   * caused by the session ending first finds the session gone and does nothing.
   */
  private endWithClient(sessionId: string, client: LaunchedClient): void {
    void client.exited.then((code) => {
      const end = clientEnd(client, code);
      if (end) this.sessions.connectionEvents(sessionId).ended(end.reason, { unexpected: end.failed });
    });
  }

  /** The host and port of a direct (SDK 4) session, with the fleet's inbound rule checked or opened. */
  private async directTarget(rt: SessionRuntime, kind: 'ssh' | 'rdp', port: number, ipAddress: string | undefined, openInboundPort: boolean | undefined) {
    const instanceId = rt.target.instanceId ?? rt.target.computeName;
    const endpoint = directEndpoint(this.deps.settings, kind, instanceId, ipAddress ?? rt.target.ipAddress);
    if (!endpoint) throw new DaemonError('Unreachable', `GameLift reported no address for ${instanceId}.`);
    const address = await clientAddress(this.deps.settings.clientAddress);
    const release = await this.deps.inbound.ensure({
      fleetId: rt.fleet.fleetId,
      ...(rt.target.location !== rt.fleet.homeRegion ? { location: rt.target.location } : {}),
      port,
      address,
      mayOpen: openInboundPort ?? this.deps.settings.autoOpenInboundPorts,
    }, rt.who);
    rt.cleanups.push(release);
    return endpoint;
  }

  private requireSsm(): SsmConnector {
    if (!this.deps.ssm) throw new DaemonError('Unsupported', 'Session Manager sessions are not available in this daemon.');
    return this.deps.ssm;
  }
}
