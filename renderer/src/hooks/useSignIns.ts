import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ConnectApi, SignInRef, SignInStatus } from '../../../preload/contract';
import { onSignedIn, onSignInNeeded, signInPick, withStatus, type WaitingMap } from '../sign-in';

/** startSignIn's pick: an sso-session by name or a (legacy) SSO profile. */
export type SignInPick = { ssoSession: string } | { profile: string };

/** While calls wait, ssoStatus is read again this often: calls that gave up send no event. */
const WAITING_POLL_MS = 10_000;

export interface SignIns {
  /** Every sign-in the AWS config names (ssoStatus); empty against a daemon without them. */
  statuses: SignInStatus[];
  /** The sign-ins calls are waiting for now. */
  waiting: WaitingMap;
  /** The sign-in whose dialog is showing. */
  dialog: SignInPick | null;
  /** Shows the sign-in dialog for a ref (from an error, the banner) or a pick (a row, the tray). */
  signIn: (which: SignInRef | SignInPick) => void;
  closeDialog: () => void;
  /** Counts signedIn events: a view whose call failed with SignInNeeded retries when it moves. */
  signedInCount: number;
  /** Reads ssoStatus again. */
  refresh: () => void;
}

const isRef = (which: SignInRef | SignInPick): which is SignInRef => 'startUrl' in which;

/** The window's view of IAM Identity Center sign-ins, kept current by the daemon's events. */
export function useSignIns(api: ConnectApi, reloadKey: number): SignIns {
  const [statuses, setStatuses] = useState<SignInStatus[]>([]);
  const [waiting, setWaiting] = useState<WaitingMap>(new Map());
  const [dialog, setDialog] = useState<SignInPick | null>(null);
  const [signedInCount, setSignedInCount] = useState(0);
  const reading = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++reading.current;
    api.ssoStatus({}).then(
      ({ signIns }) => {
        if (mine !== reading.current) return;
        setStatuses(signIns);
        setWaiting((map) => withStatus(map, signIns));
      },
      // A daemon without sign-in (older, or Unsupported) simply shows none.
      () => mine === reading.current && setStatuses([]),
    );
  }, [api]);

  useEffect(refresh, [refresh, reloadKey]);

  useEffect(() => {
    const offs = [
      api.on('signInNeeded', (event) => {
        setWaiting((map) => onSignInNeeded(map, event));
        refresh();
      }),
      api.on('signInProgress', () => refresh()),
      api.on('signedIn', (event) => {
        setWaiting((map) => onSignedIn(map, event));
        setSignedInCount((n) => n + 1);
        refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, refresh]);

  const anyWaiting = waiting.size > 0;
  useEffect(() => {
    if (!anyWaiting) return;
    const timer = setInterval(refresh, WAITING_POLL_MS);
    return () => clearInterval(timer);
  }, [anyWaiting, refresh]);

  const signIn = useCallback((which: SignInRef | SignInPick) => {
    const pick = isRef(which) ? signInPick(which) : which;
    if (pick) setDialog(pick);
  }, []);
  const closeDialog = useCallback(() => setDialog(null), []);

  return { statuses, waiting, dialog, signIn, closeDialog, signedInCount, refresh };
}

/** What any view (an error note) needs to offer "Sign in". Null outside the app (and in views' unit renders). */
export const SignInContext = createContext<Pick<SignIns, 'signIn' | 'signedInCount' | 'refresh'> | null>(null);

export const useSignInContext = () => useContext(SignInContext);

/**
 * For a view whose call may fail with SignInNeeded: when it does, ssoStatus is read again (the
 * call gave up waiting, which no event says, so the banner's count drops), and `retry` runs once
 * after the next sign-in, so the view comes back by itself.
 */
export function useRetryAfterSignIn(signIns: Pick<SignIns, 'signedInCount' | 'refresh'> | null, error: { code: string } | null, retry: () => void): void {
  const signedInCount = signIns?.signedInCount ?? 0;
  const refresh = signIns?.refresh ?? noop;
  const seen = useRef(signedInCount);
  const latest = useRef(retry);
  latest.current = retry;
  const needed = error?.code === 'SignInNeeded';
  useEffect(() => {
    if (needed) refresh();
  }, [needed, error, refresh]);
  useEffect(() => {
    if (signedInCount === seen.current) return;
    seen.current = signedInCount;
    if (needed) latest.current();
  }, [signedInCount, needed]);
}

const noop = () => undefined;

/** useRetryAfterSignIn for a view inside the app (the sign-ins from SignInContext; nothing outside it). */
export function useRetryAfterSignInHere(error: { code: string } | null, retry: () => void): void {
  useRetryAfterSignIn(useSignInContext(), error, retry);
}
