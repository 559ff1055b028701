import { useRef } from 'react';
import type { SignInStatus } from '../../../preload/contract';
import { offersSignIn, signInKey, signInName, signInPick, signInStateText } from '../sign-in';
import type { SignInPick } from '../hooks/useSignIns';

/**
 * The top bar's "Sign-ins" menu: each IAM Identity Center sign-in the AWS config names (an
 * sso-session, or a legacy profile's start URL), whether it is signed in and until when, with
 * "Sign in" where it needs one and "Accounts & roles…" for an sso-session.
 */
export function SignInList({ statuses, onSignIn, onAccounts }: { statuses: SignInStatus[]; onSignIn: (pick: SignInPick) => void; onAccounts: (ssoSession: string) => void }) {
  // Re-rendered with every ssoStatus read (each sign-in event); an expiry in between shows at the next.
  const now = Date.now();
  const menu = useRef<HTMLDetailsElement>(null);
  if (statuses.length === 0) return null;
  /** A choice made: the menu folds away behind the dialog it opens. */
  const choose = (run: () => void) => () => {
    if (menu.current) menu.current.open = false;
    run();
  };
  const needing = statuses.filter((s) => offersSignIn(s, now)).length;
  return (
    <details className="sign-ins" ref={menu}>
      <summary className={needing ? 'needs' : ''}>{needing ? `Sign-ins · ${needing} needed` : 'Sign-ins'}</summary>
      <ul className="sign-in-list" aria-label="IAM Identity Center sign-ins">
        {statuses.map((status) => {
          const pick = signInPick(status);
          return (
            <li key={signInKey(status)} className="sign-in-row" data-state={status.state}>
              <div className="sign-in-who">
                <strong>{signInName(status)}</strong>
                <span className="dim sign-in-detail">
                  {status.ssoSession !== null ? status.startUrl : ''}
                  {status.profiles.length ? `${status.ssoSession !== null ? ' · ' : ''}profiles: ${status.profiles.join(', ')}` : ''}
                </span>
              </div>
              <span className="sign-in-state">{signInStateText(status, now)}</span>
              {pick && offersSignIn(status, now) ? (
                <button type="button" className="small primary" onClick={choose(() => onSignIn(pick))}>
                  Sign in
                </button>
              ) : null}
              {status.ssoSession !== null && status.state === 'signed-in' ? (
                <button type="button" className="small" onClick={choose(() => onAccounts(status.ssoSession as string))}>
                  Accounts &amp; roles…
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
