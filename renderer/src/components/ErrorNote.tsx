import type { ConnectError } from '../api/errors';

/** An error shown where it happened: what went wrong, and what to do about it. */
export function ErrorNote({ error, onDismiss, context }: { error: ConnectError | null; onDismiss?: () => void; context?: string }) {
  if (!error) return null;
  return (
    <div className="error-note" role="alert" data-code={error.code}>
      <div className="error-text">
        <strong>{context ? `${context}: ` : ''}{error.message}</strong>
        {error.hint ? <span className="error-hint">{error.hint}</span> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}
