import { useEffect, useRef, useState } from 'react';
import type { ConnectApi, SignInStart } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { formatCountdown } from '../format';
import { useNow } from '../hooks/useNow';
import type { SignInPick } from '../hooks/useSignIns';
import { signInKey, signInName } from '../sign-in';
import '../sign-in.css';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/** In a browser tab the page opens the URL itself, in the browser the user is already using. */
const inBrowserTab = () => !(window as unknown as { gameliftConnect?: unknown }).gameliftConnect;

/** A value to copy: selectable text with a Copy button. */
function Copyable({ label, value, big }: { label: string; value: string; big?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copyable">
      <span className="copyable-label">{label}</span>
      <code className={big ? 'copyable-value big' : 'copyable-value'} aria-label={label}>
        {value}
      </code>
      <button
        type="button"
        className="small"
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/**
 * One sign-in, start to end: the daemon opens the user's default browser on the authorization
 * page (or, as the fallback, the device page with its code); this shows what the user may need
 * (the URL, the code, copyable), a countdown to the flow's expiry and Cancel. It closes itself on
 * signedIn. No token ever reaches it: the contract carries none.
 */
export function SignInDialog({ api, pick, onClose }: { api: ConnectApi; pick: SignInPick; onClose: () => void }) {
  const [start, setStart] = useState<SignInStart | null>(null);
  const [error, setError] = useState<ConnectError | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [slowDown, setSlowDown] = useState<string | null>(null);
  const current = useRef<SignInStart | null>(null);
  /** Flows this dialog cancelled itself (to start the other kind): their end is no news. */
  const cancelledHere = useRef(new Set<string>());
  current.current = start;
  const now = useNow(start !== null && ended === null);

  const begin = async (useDeviceCode: boolean, restart: boolean) => {
    setBusy(true);
    setError(null);
    setEnded(null);
    try {
      const under = current.current;
      // A flow under way would be handed back as it is: end it to start the other kind.
      if (restart && under) {
        cancelledHere.current.add(under.signInId);
        await api.cancelSignIn({ signInId: under.signInId });
      }
      setStart(null);
      setSlowDown(null);
      setStart(await api.startSignIn({ ...pick, ...(useDeviceCode ? { useDeviceCode } : {}) }));
    } catch (caught) {
      setError(toConnectError(caught));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void begin(false, false);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const offProgress = api.on('signInProgress', (event) => {
      if (event.signInId !== current.current?.signInId || cancelledHere.current.has(event.signInId)) return;
      if (event.state === 'slow-down') setSlowDown(event.message ?? 'IAM Identity Center asked to check less often.');
      // Cancelled elsewhere (the CLI, another window): said, with Try again, rather than closing unasked.
      else if (event.state === 'failed' || event.state === 'expired' || event.state === 'cancelled') {
        setEnded(event.message ?? (event.state === 'expired' ? 'The sign-in expired.' : event.state === 'cancelled' ? 'The sign-in was cancelled.' : 'The sign-in failed.'));
      }
    });
    const offSignedIn = api.on('signedIn', (event) => {
      const mine = current.current?.ref ?? null;
      if (mine ? signInKey(event) === signInKey(mine) : 'ssoSession' in pick ? event.ssoSession === pick.ssoSession : event.profiles.includes(pick.profile)) onClose();
    });
    return () => {
      offProgress();
      offSignedIn();
    };
  }, [api, pick, onClose]);

  const cancel = () => {
    const under = current.current;
    if (under && ended === null) void api.cancelSignIn({ signInId: under.signInId }).catch(() => undefined);
    onClose();
  };

  const openBrowser = () => {
    if (!start) return;
    const url = start.flow === 'device-code' ? start.verificationUriComplete ?? start.verificationUri : start.authorizationUrl;
    if (url && inBrowserTab()) window.open(url, '_blank', 'noopener,noreferrer');
    // The desktop window opens nothing itself: the daemon's opener does, on a new flow of the same kind.
    else void begin(start.flow === 'device-code', true);
  };

  const name = start ? signInName(start.ref) : 'ssoSession' in pick ? pick.ssoSession : pick.profile;
  const left = start ? start.expiresAt - now : 0;
  return (
    <Dialog title={`Sign in to ${name}`} onClose={cancel} labelledBy="sign-in-title">
      <div className="sign-in-dialog">
        {start ? <p className="dim sign-in-start-url">IAM Identity Center · {start.ref.startUrl}</p> : null}
        {!start && !error ? <p role="status">Starting the sign-in…</p> : null}
        {start && ended === null ? (
          <p role="status" className="sign-in-waiting">
            {start.flow === 'authorization-code'
              ? start.browserOpened
                ? 'Waiting for your browser… Sign in there and allow access; this closes by itself.'
                : 'Open this address in your browser, sign in and allow access; this closes by itself.'
              : start.browserOpened
                ? 'Waiting for your browser… Check that it shows this code, then allow access.'
                : 'Open the address below in any browser, enter the code, then allow access.'}
          </p>
        ) : null}
        {start?.flow === 'authorization-code' && start.authorizationUrl ? <Copyable label="Authorization URL" value={start.authorizationUrl} /> : null}
        {start?.flow === 'device-code' ? (
          <>
            {start.userCode ? <Copyable label="Code" value={start.userCode} big /> : null}
            {start.verificationUri ? <Copyable label="Verification URL" value={start.verificationUri} /> : null}
          </>
        ) : null}
        {slowDown && ended === null ? <p className="dim">{slowDown}</p> : null}
        {start && ended === null ? (
          <p className="dim sign-in-expiry" aria-label="Time left">
            {left > 0 ? `Expires in ${formatCountdown(left)}` : 'Expired'}
          </p>
        ) : null}
        {ended !== null ? (
          <div className="error-note" role="alert" data-code="SignInFailed">
            <div className="error-text">
              <strong>{ended}</strong>
            </div>
          </div>
        ) : null}
        <ErrorNote error={error} context="Could not start the sign-in" />
        <div className="dialog-actions">
          {start && ended === null ? (
            <button type="button" className="ghost" disabled={busy} onClick={openBrowser}>
              Open browser
            </button>
          ) : null}
          {start?.flow !== 'device-code' && ended === null && (start || error) ? (
            <button type="button" className="ghost" disabled={busy} onClick={() => void begin(true, true)}>
              Use a device code instead
            </button>
          ) : null}
          {ended !== null || (error && !start) ? (
            <button type="button" className="ghost" disabled={busy} onClick={() => void begin(start?.flow === 'device-code', false)}>
              Try again
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
