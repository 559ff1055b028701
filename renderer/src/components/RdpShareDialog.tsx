import { useState, type FormEvent } from 'react';
import type { ConnectApi, Session, Target } from '../../../preload/contract';
import { useTask } from '../hooks/useTask';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/**
 * Remote Desktop with a local folder redirected into the Windows session (openRdp's shareFolder).
 * The daemon checks the folder before any access is issued, so a wrong path is said here and costs
 * nothing. A closed RDP port (SDK 4) is opened for this address alone only on the user's click.
 */
export function RdpShareDialog({
  api,
  target,
  onClose,
  onOpened,
}: {
  api: ConnectApi;
  target: Pick<Target, 'fleetId' | 'computeName' | 'location'>;
  onClose: () => void;
  onOpened: (session: Session) => void;
}) {
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  const launch = useTask((openInboundPort: boolean) =>
    api.openRdp({
      fleetId: target.fleetId,
      computeName: target.computeName,
      shareFolder: folder.trim(),
      ...(name.trim() ? { shareName: name.trim() } : {}),
      ...(openInboundPort ? { openInboundPort } : {}),
    }),
  );

  const run = async (openInboundPort: boolean) => {
    const session = await launch.run(openInboundPort);
    if (session) {
      onOpened(session);
      onClose();
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (folder.trim()) void run(false);
  };

  return (
    <Dialog title="Remote Desktop with a shared folder" onClose={onClose}>
      <p className="dialog-lead">
        To <span className="mono">{target.computeName}</span> ({target.location}), with a folder of this computer shown in Windows under{' '}
        <span className="mono">\\tsclient</span> (Explorer, This PC).
      </p>
      <form onSubmit={submit} noValidate>
        <label className="field">
          <span>Folder on this computer</span>
          <input name="shareFolder" value={folder} placeholder="/home/me/builds" aria-describedby="shareFolder-help" onChange={(e) => setFolder(e.target.value)} autoFocus />
          <small id="shareFolder-help" className="help">
            Its full path. On Windows (mstsc) the whole drive that holds it is shared.
          </small>
        </label>
        <label className="field">
          <span>Name in Windows (optional)</span>
          <input name="shareName" value={name} placeholder="the folder's name" aria-describedby="shareName-help" onChange={(e) => setName(e.target.value)} />
          <small id="shareName-help" className="help">
            Letters, digits, _ and -: it appears as \\tsclient\name.
          </small>
        </label>
        <ErrorNote error={launch.error} context="Could not start Remote Desktop" />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {launch.error?.code === 'PortClosed' ? (
            <button type="button" disabled={launch.busy} onClick={() => void run(true)}>
              Open it for my address
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={launch.busy || !folder.trim()}>
            {launch.busy ? 'Launching…' : 'Launch'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
