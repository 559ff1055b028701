// The life of every session: issue access along the fleet's route, keep the secret in the vault,
// bring the transport up (session-openers.ts decides which), renew before expiry without dropping
// it, and end cleanly (transport closed, secret wiped, clean-ups run, event sent).
import type { Session } from '../../../preload/contract';
import { regionOfLocation, type AccessBroker } from '../access/access';
import { DaemonError, toApiError } from '../errors';
import type { EventBus } from '../events';
import type { Identity } from '../identity/identity';
import type { Logger } from '../log/logger';
import type { DaemonSettings } from '../settings';
import { settled } from '../util/settled';
import type { Vault } from '../vault/vault';
import type { ConnectionEvents } from './connection';
import { lifetimeFrom, retryDelay } from './lifetime';
import type { NewSession, SessionRegistry } from './registry';
import { SessionRuntime, type AccessFacts } from './session-runtime';
import type { SsmTargetSpec } from './ssm-seam';

export interface SessionManagerDeps {
  registry: SessionRegistry;
  events: EventBus;
  vault: Vault;
  access: AccessBroker;
  settings: DaemonSettings;
  identity: Identity;
  log: Logger;
  now?: () => number;
}

type AwsCreds = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

export class SessionManager {
  private readonly runtimes = new Map<string, SessionRuntime>();
  private readonly now: () => number;
  /** Learned from AWS rejecting credentials sooner than configured; shortens every later lifetime. */
  private learnedLifetimeMs: number | undefined;
  /** endAll() ran: the daemon is stopping and starts no new session. */
  private closed = false;

  constructor(private readonly deps: SessionManagerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * The common path: record (starting) → access issued → secret into the vault → transport up →
   * active with an expiry and a renewal timer. Any failure ends the session with its reason.
   * `route` is the access the transport needs; `connect` gets that route's facts.
   */
  async open<R extends AccessFacts['route']>(
    fleet: SessionRuntime['fleet'],
    target: SessionRuntime['target'],
    init: Pick<NewSession, 'kind' | 'transport'> & Partial<NewSession> & { shellIn?: 'host' | 'container' },
    route: R,
    connect: (rt: SessionRuntime, facts: Extract<AccessFacts, { route: R }>, session: Session) => Promise<Partial<Session>>,
  ): Promise<Session> {
    if (this.closed) throw new DaemonError('Unreachable', 'GameLift Connect is stopping; no new session starts.');
    const { shellIn, ...rest } = init;
    const session = this.deps.registry.create({
      ...rest,
      target: { fleetId: fleet.fleetId, computeName: target.computeName, location: target.location, os: target.os === 'unknown' ? fleet.os : target.os, ...(shellIn ? { shellIn } : {}) },
    });
    const rt = new SessionRuntime(session.id, fleet, target, this.deps.identity.snapshot(), this.deps.settings.backlogBytes);
    this.runtimes.set(session.id, rt);
    try {
      const facts = await this.issueIntoVault(session.id, rt);
      if (facts.route !== route) throw new DaemonError('Internal', 'Unexpected access route.');
      const extra = await connect(rt, facts as Extract<AccessFacts, { route: R }>, session);
      if (rt.ending) throw new DaemonError('Unreachable', 'The session ended while it was starting.');
      const life = this.lifetime();
      const active = this.deps.registry.transition(session.id, 'active', { ...extra, ...life });
      this.deps.log.info('sessions', 'session active', { sessionId: session.id, kind: active.kind, transport: active.transport, fleetId: fleet.fleetId, computeName: target.computeName, expiresAt: new Date(life.expiresAt).toISOString() });
      this.scheduleRenewal(session.id, life.renewsAt);
      return active;
    } catch (err) {
      if (!(err instanceof DaemonError)) this.deps.log.error('sessions', 'a session failed to start', { sessionId: session.id, fleetId: fleet.fleetId }, err);
      await this.finish(session.id, toApiError(err, this.deps.log.file).message, false);
      throw err;
    }
  }

  /** Issues access and stores its secret; only non-secret facts come back. */
  private async issueIntoVault(id: string, rt: SessionRuntime): Promise<AccessFacts> {
    const issued = await this.deps.access.issue(rt.fleet, rt.target, rt.who);
    // The session may have ended while access was being issued (a renewal racing an end): nothing
    // is stored for it. Checked and registered in one step, so finish() either sees this write
    // in rt.vaultWrites and waits for it, or ran first and no write starts.
    if (rt.ending) throw new DaemonError('NotFound', `Session ${id} has ended.`);
    const { expiresAt } = this.lifetime();
    const secret = issued.route === 'compute-access' ? JSON.stringify(issued.credentials) : issued.secret;
    const write = this.storeSecret(id, rt, secret, expiresAt);
    rt.vaultWrites.add(write);
    try {
      await write;
    } finally {
      rt.vaultWrites.delete(write);
    }
    rt.issuedAt = this.now();
    return issued.route === 'compute-access'
      ? { route: issued.route, ssmTarget: issued.ssmTarget, containers: issued.containers }
      : { route: issued.route, userName: issued.userName, ...(issued.ipAddress ? { ipAddress: issued.ipAddress } : {}) };
  }

  /** Puts the new secret in the vault and retires the previous one; a session that ended meanwhile keeps neither. */
  private async storeSecret(id: string, rt: SessionRuntime, secret: string, expiresAt: number): Promise<void> {
    const key = await this.deps.vault.put(id, secret, expiresAt);
    if (rt.ending) {
      await this.deps.vault.remove(key);
      throw new DaemonError('NotFound', `Session ${id} has ended.`);
    }
    const previous = rt.vaultKey;
    rt.vaultKey = key;
    if (previous) await this.deps.vault.remove(previous);
  }

  /** Lends the session's current secret to one call. */
  async withSecret<T>(rt: SessionRuntime, fn: (secret: string) => Promise<T>): Promise<T> {
    const result = await this.deps.vault.use(rt.vaultKey ?? '', fn);
    if (result === null) throw new DaemonError('CredentialsExpired', 'The issued access expired before it could be used; try again.');
    return result;
  }

  /** Where and as whom an SSM transport connects, with credentials read from the vault at each use. */
  ssmTarget(rt: SessionRuntime, facts: Extract<AccessFacts, { route: 'compute-access' }>): SsmTargetSpec {
    return {
      region: regionOfLocation(rt.target.location),
      target: facts.ssmTarget,
      endpoints: rt.who.endpoints,
      // Read at every (re)connection, so a renewal is picked up by the next ResumeSession.
      credentials: () => this.currentCredentials(rt),
      refreshCredentials: async () => {
        this.learnLifetime(this.now() - rt.issuedAt);
        await this.renew(rt.id);
        return this.currentCredentials(rt);
      },
    };
  }

  private async currentCredentials(rt: SessionRuntime): Promise<AwsCreds> {
    const creds = await this.deps.vault.use(rt.vaultKey ?? '', (s) => JSON.parse(s) as AwsCreds);
    if (!creds) throw new DaemonError('CredentialsExpired', 'The session\'s access credentials expired.');
    return creds;
  }

  /** AWS rejected credentials this old: later lifetimes are taken a little shorter than that. */
  private learnLifetime(observedMs: number): void {
    const configured = this.deps.settings.credentialLifetimeMs;
    if (observedMs <= 0 || observedMs >= (this.learnedLifetimeMs ?? configured)) return;
    this.learnedLifetimeMs = Math.max(1000, Math.floor(observedMs * 0.9));
  }

  private lifetime() {
    const lifetimeMs = Math.min(this.deps.settings.credentialLifetimeMs, this.learnedLifetimeMs ?? Infinity);
    return lifetimeFrom(this.now(), lifetimeMs, Math.min(this.deps.settings.renewLeadMs, Math.round(lifetimeMs / 5)));
  }

  // ---- transport events ----

  /** The events a transport reports for session `id`. */
  connectionEvents(id: string): ConnectionEvents {
    return {
      data: (chunk) => {
        const rt = this.runtimes.get(id);
        if (!rt) return;
        rt.backlog.push(chunk);
        rt.terminalFlow.sentOut(chunk.length);
        this.deps.events.emit('terminalData', { sessionId: id, data: chunk.toString('base64') });
      },
      bytes: (bytesIn, bytesOut) => this.deps.registry.countBytes(id, bytesIn, bytesOut),
      connections: (count) => this.deps.registry.update(id, { connections: count }),
      reconnecting: () => {
        const rt = this.runtimes.get(id);
        if (!rt || rt.ending) return;
        rt.reconnecting = true;
        if (this.deps.registry.get(id).state === 'active') this.deps.registry.transition(id, 'reconnecting');
      },
      reconnected: () => {
        const rt = this.runtimes.get(id);
        if (!rt || rt.ending) return;
        rt.reconnecting = false;
        if (this.deps.registry.get(id).state === 'reconnecting') this.deps.registry.transition(id, 'active');
      },
      ended: (reason, { exitCode, unexpected }) => {
        void this.finish(id, reason, unexpected, exitCode);
      },
    };
  }

  // ---- renewal ----

  private scheduleRenewal(id: string, at: number): void {
    const rt = this.runtimes.get(id);
    if (!rt || rt.ending) return;
    clearTimeout(rt.renewTimer);
    // A failed renewal is logged and notified by renewNow, which also schedules the retry.
    rt.renewTimer = setTimeout(() => void settled(this.renew(id)), Math.max(0, at - this.now()));
    rt.renewTimer.unref();
  }

  /** New access credentials before the old ones expire; the transport stays up throughout. */
  async renew(id: string): Promise<Session> {
    const rt = this.runtimes.get(id);
    const current = this.deps.registry.get(id);
    if (!rt || rt.ending || current.state === 'ended') throw new DaemonError('NotFound', `Session ${id} has ended.`);
    if (current.state === 'starting') return current;
    if (rt.renewing) {
      await settled(rt.renewing); // its failure is the first caller's
      return this.deps.registry.get(id);
    }
    const renewing = this.renewNow(id, rt);
    rt.renewing = renewing;
    try {
      return await renewing;
    } finally {
      rt.renewing = undefined;
    }
  }

  private async renewNow(id: string, rt: SessionRuntime): Promise<Session> {
    clearTimeout(rt.renewTimer);
    this.deps.registry.transition(id, 'renewing');
    try {
      await this.issueIntoVault(id, rt);
      await rt.connection?.renewed?.();
      if (rt.ending) return this.deps.registry.get(id);
      const life = this.lifetime();
      const renewed = this.deps.registry.transition(id, rt.reconnecting ? 'reconnecting' : 'active', life);
      this.deps.log.info('sessions', 'access renewed', { sessionId: id, expiresAt: new Date(life.expiresAt).toISOString() });
      this.scheduleRenewal(id, life.renewsAt);
      if (rt.renewalFailed) {
        rt.renewalFailed = false;
        this.deps.events.emit('notification', { kind: 'renewed', sessionId: id, title: 'Session access renewed', body: `Session ${id} has fresh access again.` });
      }
      return renewed;
    } catch (err) {
      if (rt.ending) return this.deps.registry.get(id);
      const back = this.deps.registry.transition(id, rt.reconnecting ? 'reconnecting' : 'active');
      rt.renewalFailed = true;
      this.deps.log.warn('sessions', 'renewal failed; retrying before expiry', { sessionId: id, expiresAt: back.expiresAt }, err);
      const expiresAt = back.expiresAt ?? this.now();
      this.deps.events.emit('notification', {
        kind: 'expiring',
        sessionId: id,
        title: 'Session access could not be renewed',
        body: `${toApiError(err, this.deps.log.file).message} Access expires at ${new Date(expiresAt).toISOString()}; retrying.`,
      });
      this.scheduleRenewal(id, this.now() + retryDelay(this.now(), expiresAt));
      throw err;
    }
  }

  // ---- terminal I/O ----

  write(id: string, data: Buffer): boolean {
    const connection = this.liveRuntime(id).connection;
    if (!connection?.write) throw new DaemonError('InvalidInput', `Session ${id} has no terminal.`);
    return connection.write(data);
  }

  resize(id: string, cols: number, rows: number): boolean {
    const connection = this.liveRuntime(id).connection;
    if (!connection?.resize) return false;
    connection.resize(cols, rows);
    return true;
  }

  /** A window processed `bytes` more of this session's terminal output (flow control). */
  ackTerminal(id: string, bytes: number): boolean {
    this.deps.registry.get(id); // NotFound for unknown IDs; an ack racing the end is just dropped
    const rt = this.runtimes.get(id);
    if (!rt || rt.ending) return false;
    rt.terminalFlow.ack(bytes);
    return true;
  }

  backlog(id: string): Buffer {
    this.deps.registry.get(id); // NotFound for unknown IDs
    return this.runtimes.get(id)?.backlog.read() ?? Buffer.alloc(0);
  }

  private liveRuntime(id: string): SessionRuntime {
    const rt = this.runtimes.get(id);
    if (!rt || rt.ending) throw new DaemonError('NotFound', `Session ${id} is not running.`);
    return rt;
  }

  // ---- ending ----

  async end(id: string, reason = 'ended by the user'): Promise<boolean> {
    if (!this.runtimes.has(id)) {
      this.deps.registry.get(id); // NotFound for unknown IDs
      return false;
    }
    await this.finish(id, reason, false);
    return true;
  }

  /** Ends every session and refuses new ones (the daemon is stopping). */
  async endAll(reason: string): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runtimes.keys()].map((id) => this.finish(id, reason, false)));
  }

  /**
   * Closes the transport, wipes the secret, runs clean-ups, and records the end once. Resolves
   * only when the keychain holds nothing of the session; a second call shares the first's work.
   */
  private finish(id: string, reason: string, unexpected: boolean, exitCode?: number): Promise<void> {
    const rt = this.runtimes.get(id);
    if (!rt) return Promise.resolve();
    rt.finished ??= this.finishNow(id, rt, reason, unexpected, exitCode);
    return rt.finished;
  }

  private async finishNow(id: string, rt: SessionRuntime, reason: string, unexpected: boolean, exitCode?: number): Promise<void> {
    rt.ending = true;
    clearTimeout(rt.renewTimer);
    rt.terminalFlow.dispose();
    const warn = (what: string) => (err: unknown) => this.deps.log.warn('sessions', what, { sessionId: id }, err);
    await rt.connection?.close().catch(warn('could not close the transport'));
    // A renewal's vault write under way when the end came removes its own secret; wait for it, so
    // rt.vaultKey is final and nothing of the session is left once this resolves.
    await Promise.allSettled(rt.vaultWrites);
    if (rt.vaultKey) await this.deps.vault.remove(rt.vaultKey).catch(warn('could not remove the secret from the vault'));
    for (const cleanup of rt.cleanups.reverse()) await cleanup().catch(warn('a clean-up failed'));
    this.runtimes.delete(id);
    this.deps.registry.transition(id, 'ended', { endReason: reason, ...(exitCode !== undefined ? { exitCode } : {}) });
    this.deps.log.info('sessions', 'session ended', { sessionId: id, reason, exitCode, unexpected });
    if (unexpected) {
      this.deps.events.emit('notification', { kind: 'ended-unexpectedly', sessionId: id, title: 'Session ended', body: `Session ${id} ended: ${reason}.` });
    }
  }
}
