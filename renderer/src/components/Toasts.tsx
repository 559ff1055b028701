import { windowWords } from '../api/errors';
import type { Toast } from '../hooks/useToasts';

/** The daemon's notifications; a fleet event's toast goes, in one click, to the instance it names. */
export function Toasts({ toasts, onGoTo, onDismiss }: { toasts: Toast[]; onGoTo?: (toast: Toast) => void; onDismiss?: (toast: Toast) => void }) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.key} className={`toast kind-${t.kind}`} data-kind={t.kind}>
          <strong>{t.title}</strong>
          <span>{windowWords(t.body)}</span>
          {t.kind === 'fleet-event' && t.fleetId && onGoTo ? (
            <div className="toast-actions">
              <button type="button" className="small primary" onClick={() => onGoTo(t)}>
                {t.computeName ? `Open ${t.computeName}` : 'Show fleet'}
              </button>
              {onDismiss ? (
                <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => onDismiss(t)}>
                  ×
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
