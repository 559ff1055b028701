import { forWindow, type ConnectError } from '../api/errors';
import { useSignInContext } from '../hooks/useSignIns';

/** An error shown where it happened: what went wrong, and what to do about it. */
export function ErrorNote({
  error,
  onDismiss,
  context,
  action,
}: {
  error: ConnectError | null;
  onDismiss?: () => void;
  context?: string;
  /** A way out the user can take from here (e.g. retry with a permission). */
  action?: { label: string; run: () => void } | undefined;
}) {
  const signIns = useSignInContext();
  if (!error) return null;
  const { code, message, hint } = forWindow(error);
  // A call that needed an IAM Identity Center sign-in: the way out is signing in, right here.
  const signIn = error.signIn;
  if (!action && code === 'SignInNeeded' && signIn && signIns) action = { label: 'Sign in', run: () => signIns.signIn(signIn) };
  return (
    <div className="error-note" role="alert" data-code={code}>
      <div className="error-text">
        <strong>{context ? `${context}: ` : ''}{message}</strong>
        {hint ? <span className="error-hint">{hint}</span> : null}
      </div>
      {action ? (
        <button type="button" className="small" onClick={action.run}>
          {action.label}
        </button>
      ) : null}
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}
