import type { ConnectError } from '../api/errors';

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
  if (!error) return null;
  return (
    <div className="error-note" role="alert" data-code={error.code}>
      <div className="error-text">
        <strong>{context ? `${context}: ` : ''}{error.message}</strong>
        {error.hint ? <span className="error-hint">{error.hint}</span> : null}
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
