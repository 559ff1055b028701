import { useState } from 'react';
import type { ConnectApi } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { formatEta, formatRate, isExistsError } from '../files-format';
import { formatBytes } from '../format';
import type { Transfer, useTransfers } from '../hooks/useTransfers';
import { ErrorNote } from './ErrorNote';

const verb: Record<Transfer['kind'], string> = { download: 'Download', upload: 'Upload', diagnostics: 'Diagnostics' };

/** "3.1 MB of 64 MB · 12 MB/s · 5 s left" (a total of 0 is unknown: bytes and rate only). */
function progressText(t: Transfer): string {
  const amount = t.total > 0 ? `${formatBytes(t.bytes)} of ${formatBytes(t.total)}` : formatBytes(t.bytes);
  return [amount, formatRate(t.rate), formatEta(t.bytes, t.total, t.rate)].filter(Boolean).join(' · ');
}

/** The transfers to and from one compute: progress with rate and time left, Cancel, then the outcome. */
export function TransferList({ api, transfers, fleetId, computeName }: { api: ConnectApi; transfers: ReturnType<typeof useTransfers>; fleetId: string; computeName: string }) {
  const [revealError, setRevealError] = useState<ConnectError | null>(null);
  const mine = transfers.transfers.filter((t) => t.target.fleetId === fleetId && t.target.computeName === computeName);
  if (mine.length === 0) return null;

  const reveal = (path: string) => {
    setRevealError(null);
    api.revealDownload({ path }).then(
      ({ opened }) => !opened && setRevealError(toConnectError({ code: 'Unsupported', message: 'No file manager could be started here.', hint: `The file is ${path}` })),
      (caught: unknown) => setRevealError(toConnectError(caught)),
    );
  };

  return (
    <div className="transfers">
      <ErrorNote error={revealError} context="Could not show the folder" onDismiss={() => setRevealError(null)} />
      <ul aria-label="Transfers">
      {mine.map((t) => (
        <li key={t.id} className={`transfer ${t.state}`} data-transfer={t.kind} data-state={t.state}>
          <div className="transfer-line">
            <span className="transfer-kind dim">{verb[t.kind]}</span>
            <strong className="transfer-name">{t.name}</strong>
            <span className="spacer" />
            {t.state === 'sending' || t.state === 'running' ? (
              <button type="button" className="small" onClick={() => transfers.cancel(t.id)}>
                Cancel
              </button>
            ) : (
              <button type="button" className="icon-button" aria-label={`Dismiss ${t.name}`} onClick={() => transfers.dismiss(t.id)}>
                ×
              </button>
            )}
          </div>
          {t.state === 'sending' || t.state === 'running' ? (
            <>
              <progress
                aria-label={`${verb[t.kind]} of ${t.name}`}
                max={t.total > 0 ? t.total : undefined}
                value={t.total > 0 ? Math.min(t.bytes, t.total) : undefined}
              />
              <div className="transfer-progress small-text dim" role="status">
                {t.state === 'sending' ? 'Sending to the app: ' : ''}
                {progressText(t)}
              </div>
            </>
          ) : null}
          {t.state === 'done' ? (
            <div className="transfer-done small-text" role="status">
              {t.kind === 'upload' ? (
                <>
                  Uploaded {formatBytes(t.bytes)} to <code>{t.path}</code>
                </>
              ) : (
                <>
                  Saved {formatBytes(t.bytes)} to <code>{t.path}</code>{' '}
                  <button type="button" className="small" onClick={() => t.path && reveal(t.path)}>
                    Show in folder
                  </button>
                </>
              )}
            </div>
          ) : null}
          {t.state === 'cancelled' ? (
            <div className="transfer-cancelled small-text dim" role="status">
              Cancelled: nothing was kept.
            </div>
          ) : null}
          {t.state === 'failed' && t.error ? (
            <ErrorNote
              error={t.error}
              context={`${verb[t.kind]} of ${t.name} failed`}
              action={
                t.overwrite && isExistsError(t.error)
                  ? {
                      label: 'Overwrite',
                      run: () => {
                        transfers.dismiss(t.id);
                        t.overwrite?.();
                      },
                    }
                  : undefined
              }
            />
          ) : null}
        </li>
      ))}
      </ul>
    </div>
  );
}
