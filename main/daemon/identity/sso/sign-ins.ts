// Every IAM Identity Center sign-in of this daemon, one per sso-session (or legacy start URL):
// - `accessToken` is what every SSO credential, account and role lookup goes through: the cached
//   token while it is good, a refresh with the refresh token when it is about to expire (one at a
//   time per sign-in), and otherwise a wait in the "sign-in needed" state: `signInNeeded` is
//   emitted (with how many calls wait and for which account), and one sign-in, by this app or by
//   another tool writing the shared cache, resumes them all (`signedIn`). A call that waits longer
//   than `waitMs` fails with SignInNeeded.
// - `start` runs one flow per sign-in at a time (a second start gets the one under way), opens the
//   browser, reports its steps (`signInProgress`) and writes the token to the shared cache.
// Tokens stay inside: events and answers carry the sign-in's names, URLs and the device user code.
import { randomUUID } from 'node:crypto';
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { SSOClient } from '@aws-sdk/client-sso';
import type { SignInRef, SignInStart, SignInStatus } from '../../../../preload/contract';
import type { Endpoints } from '../../aws/clients';
import { DaemonError, toApiError } from '../../errors';
import type { EventBus } from '../../events';
import type { Logger } from '../../log/logger';
import { userAwsFiles, type AwsFiles } from './aws-files';
import { authorizationCodeFlow, deviceCodeFlow, type RunningFlow } from './flows';
import { flowError, oidcBaseUrl, oidcClient, refreshToken, tokenRecord } from './oidc';
import { portalClient } from './portal';
import { isSignInUrl } from './sign-in-url';
import { readSsoConfig, refOf, resolveSource, sourceKey, type SsoConfig, type SsoSource } from './sso-config';
import { readToken, writeToken, type CachedToken } from './token-cache';

/** The SDK refreshes within 5 minutes of expiry (fromSso's EXPIRE_WINDOW_MS); so does the daemon. */
const REFRESH_WINDOW_MS = 5 * 60_000;
/** CreateToken's answers that mean the refresh token (or its client) will never work again. */
const REFRESH_REFUSALS = new Set(['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException', 'AccessDeniedException']);
/** While calls wait, the cache is read this often: a sign-in by the AWS CLI resumes them too. */
const CACHE_POLL_MS = 2000;

export interface SignInsOptions {
  events: EventBus;
  log: Logger;
  /** ssooidc / sso endpoint overrides (the emulator's). */
  endpoints: () => Endpoints;
  /** Opens a sign-in page in the user's default browser (checked by isSignInUrl first); false when it could not. */
  openBrowser: (url: string) => Promise<boolean>;
  /** How long a call waits for a sign-in before it fails with SignInNeeded (default 10 minutes). */
  waitMs?: number;
  /** How long the authorization-code flow waits for the browser (default 10 minutes, as the AWS CLI). */
  authCodeTimeoutMs?: number;
  currentProfile: () => string | null;
  /** The config file and token cache the sign-ins live in; default: the user's, shared with the AWS CLI (the sandbox has its own). */
  files?: AwsFiles;
}

interface Waiter {
  resolve: (token: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Waiting {
  source: SsoSource;
  waiters: Set<Waiter>;
  poll: NodeJS.Timeout;
  account: { accountId?: string; roleName?: string };
}

interface Flow {
  id: string;
  source: SsoSource;
  start: SignInStart;
  abort: AbortController;
  /** Settles with the new token's expiry, or the flow's failure. */
  result: Promise<number>;
}

export class SignIns {
  private readonly waiting = new Map<string, Waiting>();
  private readonly flows = new Map<string, Flow>();
  private readonly flowBySource = new Map<string, Flow>();
  private readonly starting = new Map<string, Promise<SignInStart>>();
  private readonly refreshing = new Map<string, Promise<CachedToken | undefined>>();
  /** Access tokens the portal refused before their time, and refresh tokens IAM Identity Center refused: not used again. */
  private readonly refused = new Set<string>();
  private closed = false;

  constructor(private readonly o: SignInsOptions) {}

  /** Given ones, else the user's as the environment names them now. */
  get files(): AwsFiles {
    return this.o.files ?? userAwsFiles();
  }

  /** The sso-sessions and SSO profiles of this daemon's config file. */
  config(): Promise<SsoConfig> {
    return readSsoConfig(this.files.configFile);
  }

  private readToken(source: SsoSource): Promise<CachedToken | undefined> {
    return readToken(source, this.files.ssoCacheDir);
  }

  private writeToken(source: SsoSource, token: CachedToken): Promise<void> {
    return writeToken(source, token, this.files.ssoCacheDir);
  }

  // ---- tokens for callers ----

  /** A good access token for `source`, refreshing or waiting for a sign-in as needed. */
  async accessToken(source: SsoSource, account: { accountId?: string; roleName?: string } = {}): Promise<string> {
    const token = await this.usable(source);
    if (token) return token.accessToken;
    const cached = await this.readToken(source);
    return this.waitForSignIn(source, account, !cached ? 'missing' : cached.refreshToken ? 'refresh-failed' : 'expired');
  }

  /** The portal refused this token: later calls refresh or wait instead of using it. */
  refuse(accessToken: string): void {
    this.refused.add(accessToken);
  }

  oidc(source: SsoSource): SSOOIDCClient {
    return oidcClient(source.ssoRegion, this.o.endpoints().ssooidc);
  }

  portal(source: SsoSource): SSOClient {
    return portalClient(source.ssoRegion, this.o.endpoints().sso);
  }

  private good(token: CachedToken | undefined, windowMs: number): boolean {
    return token !== undefined && token.expiresAt - Date.now() > windowMs && !this.refused.has(token.accessToken);
  }

  private async usable(source: SsoSource): Promise<CachedToken | undefined> {
    const token = await this.readToken(source);
    if (token && this.good(token, REFRESH_WINDOW_MS)) return token;
    // A refresh token that failed once is not tried again by every call that comes along.
    if (token?.refreshToken && !this.refused.has(token.refreshToken) && token.clientId && token.clientSecret && (token.registrationExpiresAt ?? Infinity) > Date.now()) {
      const refreshed = await this.refresh(source, token);
      if (refreshed) return refreshed;
    }
    return token && this.good(token, 0) ? token : undefined;
  }

  /** One refresh per sign-in at a time; undefined when the refresh token is refused too. */
  private refresh(source: SsoSource, token: CachedToken): Promise<CachedToken | undefined> {
    const key = sourceKey(source);
    let running = this.refreshing.get(key);
    if (!running) {
      running = (async () => {
        const client = this.oidc(source);
        try {
          const out = await refreshToken(client, token);
          const fresh = tokenRecord(source, { clientId: token.clientId ?? '', clientSecret: token.clientSecret ?? '', expiresAt: token.registrationExpiresAt ?? 0 }, out, token.refreshToken);
          await this.writeToken(source, fresh);
          this.o.log.info('sso', 'access token refreshed', { ssoSession: source.ssoSession ?? '', startUrl: source.startUrl, expiresAt: new Date(fresh.expiresAt).toISOString() });
          this.resumeWaiters(source, fresh);
          return fresh;
        } catch (err) {
          // Refused by IAM Identity Center (not the network's failure): this refresh token is done for.
          if (token.refreshToken && REFRESH_REFUSALS.has(String((err as { name?: string }).name))) this.refused.add(token.refreshToken);
          this.o.log.warn('sso', 'refresh with the refresh token failed', { ssoSession: source.ssoSession ?? '', startUrl: source.startUrl }, flowError(err));
          return undefined;
        } finally {
          client.destroy();
          this.refreshing.delete(key);
        }
      })();
      this.refreshing.set(key, running);
    }
    return running;
  }

  private waitForSignIn(source: SsoSource, account: { accountId?: string; roleName?: string }, reason: 'missing' | 'expired' | 'refresh-failed'): Promise<string> {
    if (this.closed) return Promise.reject(this.needed(source, account));
    const key = sourceKey(source);
    let waiting = this.waiting.get(key);
    if (!waiting) {
      const poll = setInterval(() => void this.pollCache(key), CACHE_POLL_MS);
      poll.unref();
      waiting = { source, waiters: new Set(), poll, account };
      this.waiting.set(key, waiting);
    }
    if (account.accountId) waiting.account = account;
    const w = waiting;
    return new Promise<string>((resolve, reject) => {
      // Not unref'd: a call waiting for a sign-in is work under way (a one-shot CLI command must not exit under it).
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          w.waiters.delete(waiter);
          if (w.waiters.size === 0) this.stopWaiting(key);
          reject(this.needed(source, account));
        }, this.o.waitMs ?? 10 * 60_000),
      };
      w.waiters.add(waiter);
      this.o.log.info('sso', 'sign-in needed', { ssoSession: source.ssoSession ?? '', startUrl: source.startUrl, reason, waiting: w.waiters.size });
      this.o.events.emit('signInNeeded', { ...refOf(source, account), waiting: w.waiters.size, reason });
    });
  }

  private needed(source: SsoSource, account: { accountId?: string; roleName?: string }): DaemonError {
    const name = source.ssoSession ? `sso-session ${source.ssoSession}` : `the IAM Identity Center start URL ${source.startUrl}`;
    const login = source.ssoSession ? `gamelift-connect login --sso-session ${source.ssoSession}` : `gamelift-connect login --profile ${source.profiles[0] ?? '<profile>'}`;
    return new DaemonError('SignInNeeded', `Sign in to ${name}${account.accountId ? ` (account ${account.accountId})` : ''}: its sign-in has expired or was never made.`, `Sign in from the window, or run: ${login}`, refOf(source, account));
  }

  private async pollCache(key: string): Promise<void> {
    const waiting = this.waiting.get(key);
    if (!waiting) return;
    const token = await this.readToken(waiting.source);
    if (token && this.good(token, 0)) this.resumeWaiters(waiting.source, token);
  }

  private stopWaiting(key: string): void {
    const waiting = this.waiting.get(key);
    if (waiting) clearInterval(waiting.poll);
    this.waiting.delete(key);
  }

  /** A good token arrived (a flow, a refresh, another tool): every waiting call goes on with it. */
  private resumeWaiters(source: SsoSource, token: CachedToken): void {
    const key = sourceKey(source);
    const waiting = this.waiting.get(key);
    this.stopWaiting(key);
    const waiters = [...(waiting?.waiters ?? [])];
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(token.accessToken);
    }
    this.o.log.info('sso', 'signed in', { ssoSession: source.ssoSession ?? '', startUrl: source.startUrl, resumed: waiters.length, expiresAt: new Date(token.expiresAt).toISOString() });
    this.o.events.emit('signedIn', { ...refOf(source, waiting?.account ?? {}), expiresAt: token.expiresAt, resumed: waiters.length });
  }

  // ---- status ----

  async status(): Promise<{ signIns: SignInStatus[] }> {
    const { sources } = await this.config();
    const signIns: SignInStatus[] = [];
    for (const source of sources) {
      const key = sourceKey(source);
      const token = await this.readToken(source);
      const flow = this.flowBySource.get(key);
      const signedIn = token !== undefined && this.good(token, 0);
      signIns.push({
        ...refOf(source),
        state: flow ? 'signing-in' : signedIn ? 'signed-in' : 'needs-sign-in',
        ...(token && signedIn ? { expiresAt: token.expiresAt } : {}),
        refreshable: Boolean(token?.refreshToken && token.clientId && token.clientSecret && (token.registrationExpiresAt ?? Infinity) > Date.now()),
        waiting: this.waiting.get(key)?.waiters.size ?? 0,
        ...(flow ? { signInId: flow.id } : {}),
      });
    }
    return { signIns };
  }

  /** The sign-in a profile or sso-session names (default: the current profile). */
  source(pick: { profile?: string | undefined; ssoSession?: string | undefined }): Promise<SsoSource> {
    return resolveSource(pick, this.o.currentProfile(), this.files.configFile);
  }

  // ---- flows ----

  async start(pick: { profile?: string | undefined; ssoSession?: string | undefined; useDeviceCode?: boolean | undefined; openBrowser?: boolean | undefined }): Promise<SignInStart> {
    if (this.closed) throw new DaemonError('Unreachable', 'The daemon is stopping.');
    const source = await this.source(pick);
    const key = sourceKey(source);
    const under = this.flowBySource.get(key);
    if (under) return under.start;
    // Two starts at once share one flow: the second waits for the first's URL.
    let starting = this.starting.get(key);
    if (!starting) {
      starting = this.startFlow(source, pick);
      this.starting.set(key, starting);
      void starting.catch(() => undefined).finally(() => this.starting.delete(key));
    }
    return starting;
  }

  private async startFlow(source: SsoSource, pick: { useDeviceCode?: boolean | undefined; openBrowser?: boolean | undefined }): Promise<SignInStart> {
    const key = sourceKey(source);
    const abort = new AbortController();
    const id = `signin-${randomUUID()}`;
    const ref = refOf(source);
    const progress = (state: 'waiting' | 'slow-down' | 'succeeded' | 'failed' | 'cancelled' | 'expired', message?: string): void =>
      this.o.events.emit('signInProgress', { signInId: id, ref, state, ...(message ? { message } : {}) });
    const endpoint = this.o.endpoints().ssooidc;
    let running: RunningFlow;
    const client = this.oidc(source);
    try {
      const options = {
        client,
        source,
        signal: abort.signal,
        authCodeTimeoutMs: this.o.authCodeTimeoutMs ?? 10 * 60_000,
        onSlowDown: (intervalS: number) => progress('slow-down', `IAM Identity Center asked to poll less often: every ${intervalS} s.`),
        ...(endpoint ? { endpoint } : {}),
        cacheDir: this.files.ssoCacheDir,
      };
      running = pick.useDeviceCode ? await deviceCodeFlow(options) : await authorizationCodeFlow(options);
    } catch (err) {
      abort.abort();
      client.destroy();
      throw flowError(err);
    }
    void running.done.catch(() => undefined).finally(() => client.destroy());
    const browserOpened = pick.openBrowser === false ? false : await this.open(running.start.openUrl, source);
    const { openUrl: _openUrl, ...shown } = running.start;
    const start: SignInStart = { signInId: id, ref, browserOpened, ...shown };
    const result = running.done.then(async (token) => {
      await this.writeToken(source, token);
      this.refused.clear();
      return token;
    });
    const flow: Flow = { id, source, start, abort, result: result.then((t) => t.expiresAt) };
    flow.result.catch(() => undefined); // awaitSignIn reports it; nobody may be listening
    this.flows.set(id, flow);
    this.flowBySource.set(key, flow);
    this.o.log.info('sso', 'sign-in started', { signInId: id, flow: start.flow, ssoSession: source.ssoSession ?? '', startUrl: source.startUrl, browserOpened });
    progress('waiting');
    void result.then(
      (token) => {
        this.endFlow(flow);
        progress('succeeded');
        this.resumeWaiters(source, token);
      },
      (err: unknown) => {
        this.endFlow(flow);
        const error = flowError(err);
        const state = abort.signal.aborted ? 'cancelled' : /expired|timed out/.test(error.message) ? 'expired' : 'failed';
        this.o.log.info('sso', 'sign-in ended without a token', { signInId: id, state, reason: error.message });
        progress(state, toApiError(error).message);
      },
    );
    return start;
  }

  private endFlow(flow: Flow): void {
    if (this.flowBySource.get(sourceKey(flow.source)) === flow) this.flowBySource.delete(sourceKey(flow.source));
    // Kept a while for a late awaitSignIn, then forgotten.
    setTimeout(() => this.flows.delete(flow.id), 60_000).unref();
  }

  private async open(url: string, source: SsoSource): Promise<boolean> {
    const client = this.oidc(source);
    try {
      const base = await oidcBaseUrl(client, source.ssoRegion, this.o.endpoints().ssooidc);
      if (!isSignInUrl(url, base)) {
        this.o.log.warn('sso', 'not opening a sign-in URL outside IAM Identity Center', { host: new URL(url).host });
        return false;
      }
    } catch {
      return false;
    } finally {
      client.destroy();
    }
    try {
      return await this.o.openBrowser(url);
    } catch (err) {
      this.o.log.warn('sso', 'could not open the browser', {}, err);
      return false;
    }
  }

  async await(signInId: string): Promise<{ ref: SignInRef; expiresAt: number }> {
    const flow = this.flows.get(signInId);
    if (!flow) throw new DaemonError('NotFound', `There is no sign-in ${signInId} under way.`);
    try {
      return { ref: refOf(flow.source), expiresAt: await flow.result };
    } catch (err) {
      throw flowError(err);
    }
  }

  cancel(signInId: string): boolean {
    const flow = this.flows.get(signInId);
    if (!flow || flow.abort.signal.aborted || this.flowBySource.get(sourceKey(flow.source)) !== flow) return false;
    flow.abort.abort();
    return true;
  }

  /** Cancels flows and fails waiting calls: the daemon is stopping. */
  close(): void {
    this.closed = true;
    for (const flow of this.flowBySource.values()) flow.abort.abort();
    for (const [key, waiting] of [...this.waiting]) {
      this.stopWaiting(key);
      for (const w of waiting.waiters) {
        clearTimeout(w.timer);
        w.reject(new DaemonError('Unreachable', 'The daemon stopped while the call waited for a sign-in.'));
      }
    }
  }
}
