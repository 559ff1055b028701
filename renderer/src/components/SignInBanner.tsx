import type { SignInRef } from '../../../preload/contract';
import { bannerText, type WaitingMap } from '../sign-in';

/**
 * One line per sign-in that calls are waiting for (usually one: one sign-in resumes them all),
 * naming the sso-session (or start URL) and the account and role asked for. It goes on signedIn.
 */
export function SignInBanner({ waiting, onSignIn }: { waiting: WaitingMap; onSignIn: (ref: SignInRef) => void }) {
  if (waiting.size === 0) return null;
  return (
    <div className="sign-in-banner" role="status" aria-label="Sign-in needed">
      {[...waiting.entries()].map(([key, entry]) => (
        <div key={key} className="sign-in-banner-row" data-sign-in={key}>
          <span className="sign-in-banner-text">{bannerText(entry)}</span>
          <button type="button" className="small primary" onClick={() => onSignIn(entry.ref)}>
            Sign in
          </button>
        </div>
      ))}
    </div>
  );
}
