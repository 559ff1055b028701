import { windowWords } from '../api/errors';
import type { Toast } from '../hooks/useToasts';

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.key} className={`toast kind-${t.kind}`}>
          <strong>{t.title}</strong>
          <span>{windowWords(t.body)}</span>
        </div>
      ))}
    </div>
  );
}
