// The two ways to sign in, each up to the moment the user has something to do in a browser
// (`start`), then the rest in `done`: the token record to cache. Authorization code with PKCE and a
// loopback redirect (the AWS CLI's default since late 2024), and the device code (RFC 8628) for a
// browser on another machine. Neither ever hands a token, a code or the verifier to anyone but the
// OIDC client and the cache writer.
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { DaemonError } from '../../errors';
import { startLoopbackReceiver } from './loopback';
import { authorizeUrl, exchangeCode, forgetRefusedClient, oidcBaseUrl, pollDeviceToken, registration, SLOW_DOWN_S, startDeviceAuthorization, tokenRecord } from './oidc';
import { codeChallenge, codeVerifier, newState } from './pkce';
import type { SsoSource } from './sso-config';
import type { CachedToken } from './token-cache';

export interface FlowStart {
  flow: 'authorization-code' | 'device-code';
  /** What to open in the browser. */
  openUrl: string;
  authorizationUrl?: string;
  verificationUri?: string;
  verificationUriComplete?: string;
  userCode?: string;
  expiresAt: number;
}

export interface RunningFlow {
  start: FlowStart;
  done: Promise<CachedToken>;
}

export interface FlowOptions {
  client: SSOOIDCClient;
  source: SsoSource;
  signal: AbortSignal;
  /** The OIDC endpoint override (the emulator's), for the authorize URL. */
  endpoint?: string;
  /** How long the browser has to come back (the AWS CLI waits 10 minutes). */
  authCodeTimeoutMs: number;
  onSlowDown?: (intervalS: number) => void;
  /** Where client registrations are cached; default: the user's token cache. */
  cacheDir?: string;
}

const cancelled = (): DaemonError => new DaemonError('InvalidInput', 'The sign-in was cancelled.');

export async function authorizationCodeFlow(o: FlowOptions): Promise<RunningFlow> {
  const reg = await registration(o.client, o.source, 'authorization-code', o.cacheDir);
  const state = newState();
  const verifier = codeVerifier();
  const expiresAt = Date.now() + o.authCodeTimeoutMs;
  const receiver = await startLoopbackReceiver({ state, deadline: expiresAt, signal: o.signal });
  try {
    const base = await oidcBaseUrl(o.client, o.source.ssoRegion, o.endpoint);
    const url = authorizeUrl(base, { clientId: reg.clientId, redirectUri: receiver.redirectUri, state, challenge: codeChallenge(verifier), scopes: o.source.scopes });
    const done = receiver.code.then(async (code) => tokenRecord(o.source, reg, await exchangeCode(o.client, o.source, reg, { code, redirectUri: receiver.redirectUri, verifier }, o.cacheDir)));
    return { start: { flow: 'authorization-code', openUrl: url, authorizationUrl: url, expiresAt }, done };
  } catch (err) {
    receiver.close();
    throw err;
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

export async function deviceCodeFlow(o: FlowOptions): Promise<RunningFlow> {
  const reg = await registration(o.client, o.source, 'device-code', o.cacheDir);
  const auth = await startDeviceAuthorization(o.client, o.source, reg).catch(async (err: unknown) => {
    await forgetRefusedClient(err, o.source, o.cacheDir);
    throw err;
  });
  const done = (async () => {
    let intervalS = auth.intervalS;
    for (;;) {
      await sleep(intervalS * 1000, o.signal);
      if (Date.now() >= auth.expiresAt) throw new DaemonError('NoCredentials', 'The sign-in expired before it was approved.', 'Start the sign-in again and approve it in the browser within the time shown.');
      const poll = await pollDeviceToken(o.client, reg, auth.deviceCode);
      if (o.signal.aborted) throw cancelled();
      if ('token' in poll) return tokenRecord(o.source, reg, poll.token);
      if ('slowDown' in poll) {
        intervalS += SLOW_DOWN_S;
        o.onSlowDown?.(intervalS);
      }
    }
  })();
  return {
    start: {
      flow: 'device-code',
      openUrl: auth.verificationUriComplete,
      verificationUri: auth.verificationUri,
      verificationUriComplete: auth.verificationUriComplete,
      userCode: auth.userCode,
      expiresAt: auth.expiresAt,
    },
    done,
  };
}
