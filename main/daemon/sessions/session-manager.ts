// The life of every session: issue access along the fleet's route, keep the secret in the vault,
// bring the transport up (an opener from session-openers.ts builds it and hands it over), renew
// before expiry without dropping it, and end cleanly (transport closed, secret wiped, clean-ups
// run, event sent). The manager alone writes session state; transports report through events.
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Session } from '../../../preload/contract';
import type { AccessBroker } from '../access/access';
import { DaemonError, toApiError } from '../errors';
import type { EventBus } from '../events';
import type { Identity } from '../identity/identity';
import type { Logger } from '../log/logger';
import type { DaemonSettings } from '../settings';
import { settled } from '../util/settled';
import type { Vault } from '../vault/vault';
import type { ConnectionEvents } from '../transport/connection';
import { credentialSource } from './credential-source';
import { lifetimeFrom, retryDelay } from './lifetime';
import { LiveSession } from './live-session';
import type { AccessFacts, AccessRoute, Cleanup, Opened, Opening } from './opening';
import type { NewSession, SessionRegistry } from './registry';

type EndedBy = NonNullable<Session['endedBy']>;

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

export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  private readonly now: () => number;
  /** Learned from AWS rejecting credentials sooner than configured; shortens every later lifetime. */
  private learnedLifetimeMs: number | undefined;
  /** endAll() ran: the daemon is stopping and starts no new session. */
  private closed = false;

  constructor(private readonly deps: SessionManagerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * The common path: record (starting) → access issued along `route` → secret into the vault →
   * the opener builds the transport and hands it over → active with an expiry and a renewal
   * timer. Any failure ends the session with its reason.
   */
  async open<R extends AccessRoute>(
    fleet: LiveSession['fleet'],
    target: LiveSession['target'],
    init: Pick<NewSession, 'kind' | 'transport'> & Partial<NewSession> & { shellIn?: 'host' | 'container' },
    route: R,
    opener: (opening: Opening<R>) => Promise<Opened>,
  ): Promise<Session> {
    if (this.closed) throw new DaemonError('Unreachable', 'GameLift Connect is stopping; no new session starts.');
    const { shellIn, ...rest } = init;
    const session = this.deps.registry.create({
      ...rest,
      target: { fleetId: fleet.fleetId, computeName: target.computeName, location: target.location, os: target.os === 'unknown' ? fleet.os : target.os, ...(shellIn ? { shellIn } : {}) },
    });
    const live = new LiveSession(session.id, fleet, target, this.deps.identity.snapshot(), this.deps.settings.backlogBytes);
    this.live.set(session.id, live);
    try {
      const facts = await this.issueIntoVault(live);
      if (facts.route !== route) throw new DaemonError('Internal', 'Unexpected access route.');
      // Checked and started in one step: an end either came first (nothing is built) or finds
      // live.opening, waits for it, and closes what it built.
      if (live.ending) throw new DaemonError('Unreachable', 'The session ended while it was starting.');
      const opening = opener(this.openingFor(live, facts as Extract<AccessFacts, { route: R }>)).then((opened) => live.adopt(opened));
      live.opening = opening;
      const { record } = await opening;
      if (live.ending) throw new DaemonError('Unreachable', 'The session ended while it was starting.');
      const life = this.lifetime();
      const active = this.deps.registry.transition(session.id, 'active', { ...record, ...life });
      this.deps.log.info('sessions', 'session active', { sessionId: session.id, kind: active.kind, transport: active.transport, fleetId: fleet.fleetId, computeName: target.computeName, expiresAt: new Date(life.expiresAt).toISOString() });
      this.scheduleRenewal(live, life.renewsAt);
      return active;
    } catch (err) {
      if (!(err instanceof DaemonError)) this.deps.log.error('sessions', 'a session failed to start', { sessionId: session.id, fleetId: fleet.fleetId }, err);
      await this.finish(session.id, toApiError(err, this.deps.log.file).message, false, undefined, 'failure');
      throw err;
    }
  }

  /** What an opener gets: the facts of the issued access, the way to report, the secret on loan, and for compute access the transport's one credential source. */
  private openingFor<R extends AccessRoute>(live: LiveSession, facts: Extract<AccessFacts, { route: R }>): Opening<R> {
    const base = {
      sessionId: live.id,
      fleet: live.fleet,
      target: live.target,
      who: live.who,
      facts,
      events: this.connectionEvents(live.id),
      withSecret: <T>(fn: (secret: string) => Promise<T>) => this.withSecret(live, fn),
    };
    if (facts.route !== 'compute-access') return base as Opening<R>;
    return { ...base, credentials: this.credentialsOf(live) } as Opening<R>;
  }

  /** Issues access and stores its secret; only non-secret facts come back. */
  private async issueIntoVault(live: LiveSession): Promise<AccessFacts> {
    const issued = await this.deps.access.issue(live.fleet, live.target, live.who);
    // The session may have ended while access was being issued (a renewal racing an end): nothing
    // is stored for it. Checked and registered in one step, so finish() either sees this write
    // in live.vaultWrites and waits for it, or ran first and no write starts.
    if (live.ending) throw new DaemonError('NotFound', `Session ${live.id} has ended.`);
    const { expiresAt } = this.lifetime();
    const secret = issued.route === 'compute-access' ? JSON.stringify(issued.credentials) : issued.secret;
    const write = this.storeSecret(live, secret, expiresAt);
    live.vaultWrites.add(write);
    try {
      await write;
    } finally {
      live.vaultWrites.delete(write);
    }
    live.issuedAt = this.now();
    live.expiresAt = expiresAt;
    return issued.route === 'compute-access'
      ? { route: issued.route, ssmTarget: issued.ssmTarget, containers: issued.containers }
      : { route: issued.route, userName: issued.userName, ...(issued.ipAddress ? { ipAddress: issued.ipAddress } : {}) };
  }

  /** Puts the new secret in the vault and retires the previous one; a session that ended meanwhile keeps neither. */
  private async storeSecret(live: LiveSession, secret: string, expiresAt: number): Promise<void> {
    const key = await this.deps.vault.put(live.id, secret, expiresAt);
    if (live.ending) {
      await this.deps.vault.remove(key);
      throw new DaemonError('NotFound', `Session ${live.id} has ended.`);
    }
    const previous = live.vaultKey;
    live.vaultKey = key;
    if (previous) await this.deps.vault.remove(previous);
  }

  /** Lends the session's current secret to one call. */
  private async withSecret<T>(live: LiveSession, fn: (secret: string) => Promise<T>): Promise<T> {
    const result = await this.deps.vault.use(live.vaultKey ?? '', fn);
    if (result === null) throw new DaemonError('CredentialsExpired', 'The issued access expired before it could be used; try again.');
    return result;
  }

  /**
   * The one credential source of a compute-access transport: the vault's current credentials at
   * every call (so a renewal is picked up by the next ResumeSession, TerminateSession or upgrade
   * signature, nothing pushed down), and a renewal first when AWS refused them.
   */
  private credentialsOf(live: LiveSession) {
    return credentialSource({
      read: async () => {
        const creds = await this.deps.vault.use(live.vaultKey ?? '', (s) => JSON.parse(s) as AwsCredentialIdentity);
        if (!creds) throw new DaemonError('CredentialsExpired', 'The session\'s access credentials expired.');
        return { ...creds, expiration: new Date(live.expiresAt) };
      },
      renew: async () => {
        this.learnLifetime(this.now() - live.issuedAt);
        await this.renew(live.id);
      },
    });
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

  /** The events a transport reports for session `id`: the only way it changes the session. */
  connectionEvents(id: string): ConnectionEvents {
    return {
      data: (chunk) => {
        const live = this.live.get(id);
        if (!live) return;
        live.backlog.push(chunk);
        const offset = live.terminalFlow.sentOut(chunk.length);
        this.deps.events.emit('terminalData', { sessionId: id, data: chunk.toString('base64'), offset });
      },
      bytes: (bytesIn, bytesOut) => this.deps.registry.countBytes(id, bytesIn, bytesOut),
      connections: (count) => this.deps.registry.update(id, { connections: count }),
      refused: (reason) => {
        const session = this.deps.registry.get(id);
        if (session.state === 'ended') return;
        const count = (session.refused?.count ?? 0) + 1;
        this.deps.registry.update(id, { refused: { count, lastAt: this.now(), reason } });
        this.deps.log.warn('sessions', 'a forwarded connection was refused by the remote side', { sessionId: id, remotePort: session.remotePort, count });
        // Said once per forward: the record keeps counting for whoever looks.
        if (count === 1) {
          const where = `${session.remoteHost ?? session.target.computeName}:${session.remotePort ?? '?'}`;
          this.deps.events.emit('notification', { kind: 'info', sessionId: id, title: `Nothing answered on ${where}`, body: `A connection through the forward on 127.0.0.1:${session.localPort ?? '?'} was refused: ${reason}. Is the server listening on port ${session.remotePort ?? '?'}?` });
        }
      },
      reconnecting: () => {
        const live = this.live.get(id);
        if (!live || live.ending) return;
        live.linkDown = true;
        if (this.deps.registry.get(id).state === 'active') this.deps.registry.transition(id, 'reconnecting');
      },
      reconnected: () => {
        const live = this.live.get(id);
        if (!live || live.ending) return;
        live.linkDown = false;
        if (this.deps.registry.get(id).state === 'reconnecting') this.deps.registry.transition(id, 'active');
      },
      ended: (reason, { exitCode, unexpected, by }) => {
        void this.finish(id, reason, unexpected, exitCode, by ?? (unexpected ? 'failure' : 'remote'));
      },
    };
  }

  // ---- renewal ----

  private scheduleRenewal(live: LiveSession, at: number): void {
    if (live.ending) return;
    clearTimeout(live.renewTimer);
    // A failed renewal is logged and notified by renewNow, which also schedules the retry.
    live.renewTimer = setTimeout(() => void settled(this.renew(live.id)), Math.max(0, at - this.now()));
    live.renewTimer.unref();
  }

  /**
   * New access credentials before the old ones expire; the transport stays up throughout and
   * reads them from the vault at its next call (nothing is handed to it).
   */
  async renew(id: string): Promise<Session> {
    const live = this.live.get(id);
    const current = this.deps.registry.get(id);
    if (!live || live.ending || current.state === 'ended') throw new DaemonError('NotFound', `Session ${id} has ended.`);
    if (current.state === 'starting') return current;
    if (live.renewing) {
      await settled(live.renewing); // its failure is the first caller's
      return this.deps.registry.get(id);
    }
    const renewing = this.renewNow(live);
    live.renewing = renewing;
    try {
      return await renewing;
    } finally {
      live.renewing = undefined;
    }
  }

  private async renewNow(live: LiveSession): Promise<Session> {
    const id = live.id;
    clearTimeout(live.renewTimer);
    this.deps.registry.transition(id, 'renewing');
    try {
      await this.issueIntoVault(live);
      if (live.ending) return this.deps.registry.get(id);
      const life = this.lifetime();
      const renewed = this.deps.registry.transition(id, live.linkDown ? 'reconnecting' : 'active', life);
      this.deps.log.info('sessions', 'access renewed', { sessionId: id, expiresAt: new Date(life.expiresAt).toISOString() });
      this.scheduleRenewal(live, life.renewsAt);
      if (live.renewalFailed) {
        live.renewalFailed = false;
        this.deps.events.emit('notification', { kind: 'renewed', sessionId: id, title: 'Session access renewed', body: `Session ${id} has fresh access again.` });
      }
      return renewed;
    } catch (err) {
      if (live.ending) return this.deps.registry.get(id);
      const back = this.deps.registry.transition(id, live.linkDown ? 'reconnecting' : 'active');
      live.renewalFailed = true;
      this.deps.log.warn('sessions', 'renewal failed; retrying before expiry', { sessionId: id, expiresAt: back.expiresAt }, err);
      const expiresAt = back.expiresAt ?? this.now();
      this.deps.events.emit('notification', {
        kind: 'expiring',
        sessionId: id,
        title: 'Session access could not be renewed',
        body: `${toApiError(err, this.deps.log.file).message} Access expires at ${new Date(expiresAt).toISOString()}; retrying.`,
      });
      this.scheduleRenewal(live, this.now() + retryDelay(this.now(), expiresAt));
      throw err;
    }
  }

  // ---- terminal I/O ----

  write(id: string, data: Buffer): boolean {
    const connection = this.running(id).connection;
    if (!connection?.write) throw new DaemonError('InvalidInput', `Session ${id} has no terminal.`);
    return connection.write(data);
  }

  resize(id: string, cols: number, rows: number): boolean {
    const connection = this.running(id).connection;
    if (!connection?.resize) return false;
    connection.resize(cols, rows);
    return true;
  }

  /** View `viewerId` processed this session's terminal output up to offset `upTo` (flow control). */
  ackTerminal(id: string, viewerId: string, upTo: number): boolean {
    this.deps.registry.get(id); // NotFound for unknown IDs; an ack racing the end is just dropped
    const live = this.live.get(id);
    if (!live || live.ending) return false;
    live.terminalFlow.ack(viewerId, upTo);
    return true;
  }

  /** The recent output, and the stream offset it ends at: events up to that offset are in it. */
  backlog(id: string): { data: Buffer; offset: number } {
    this.deps.registry.get(id); // NotFound for unknown IDs
    const live = this.live.get(id);
    return { data: live?.backlog.read() ?? Buffer.alloc(0), offset: live?.terminalFlow.offset ?? 0 };
  }

  // ---- what the daemon does with a running session (copyRdpPassword, relaunchRdpClient) ----

  /** Lends a running session's current secret to one call (the daemon's copy to the clipboard, an RDP client relaunched). */
  withSessionSecret<T>(id: string, fn: (secret: string) => Promise<T>): Promise<T> {
    return this.withSecret(this.running(id), fn);
  }

  /**
   * Something started for a running session after it opened (an RDP client launched again), to
   * undo at its end like an opener's clean-ups. A session already ending refuses it (NotFound):
   * the caller undoes it at once.
   */
  addCleanup(id: string, cleanup: Cleanup): void {
    this.running(id).addCleanup(cleanup);
  }

  private running(id: string): LiveSession {
    const live = this.live.get(id);
    if (!live || live.ending) throw new DaemonError('NotFound', `Session ${id} is not running.`);
    return live;
  }

  // ---- ending ----

  async end(id: string, reason = 'ended by the user'): Promise<boolean> {
    if (!this.live.has(id)) {
      this.deps.registry.get(id); // NotFound for unknown IDs
      return false;
    }
    await this.finish(id, reason, false, undefined, 'user');
    return true;
  }

  /** Ends every session and refuses new ones (the daemon is stopping). */
  async endAll(reason: string): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.keys()].map((id) => this.finish(id, reason, false, undefined, 'user')));
  }

  /**
   * Closes the transport, wipes the secret, runs clean-ups, and records the end once. Resolves
   * only when the keychain holds nothing of the session; a second call shares the first's work.
   */
  private finish(id: string, reason: string, unexpected: boolean, exitCode: number | undefined, endedBy: EndedBy): Promise<void> {
    const live = this.live.get(id);
    if (!live) return Promise.resolve();
    live.finished ??= this.finishNow(live, reason, unexpected, exitCode, endedBy);
    return live.finished;
  }

  private async finishNow(live: LiveSession, reason: string, unexpected: boolean, exitCode: number | undefined, endedBy: EndedBy): Promise<void> {
    const id = live.id;
    live.beginEnd();
    clearTimeout(live.renewTimer);
    live.terminalFlow.dispose();
    const warn = (what: string) => (err: unknown) => this.deps.log.warn('sessions', what, { sessionId: id }, err);
    // An opener under way finishes first (a failed one undoes its own steps); what it built is closed here.
    if (live.opening) await settled(live.opening); // its failure is open()'s caller's
    await live.connection?.close().catch(warn('could not close the transport'));
    // A renewal's vault write under way when the end came removes its own secret; wait for it, so
    // live.vaultKey is final and nothing of the session is left once this resolves.
    await Promise.allSettled(live.vaultWrites);
    if (live.vaultKey) await this.deps.vault.remove(live.vaultKey).catch(warn('could not remove the secret from the vault'));
    for (const cleanup of live.takeCleanups()) await cleanup().catch(warn('a clean-up failed'));
    this.live.delete(id);
    this.deps.registry.transition(id, 'ended', { endReason: reason, endedBy, ...(exitCode !== undefined ? { exitCode } : {}) });
    this.deps.log.info('sessions', 'session ended', { sessionId: id, reason, endedBy, exitCode, unexpected });
    if (unexpected) {
      this.deps.events.emit('notification', { kind: 'ended-unexpectedly', sessionId: id, title: 'Session ended', body: `Session ${id} ended: ${reason}.` });
    }
  }
}
