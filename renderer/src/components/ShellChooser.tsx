import type { Target } from '../../../preload/contract';
import { Dialog } from './Dialog';

/** A container compute has two shells: the host instance, or the game server's container. */
export function ShellChooser({ target, onChoose, onClose }: { target: Target; onChoose: (shellIn: 'host' | 'container') => void; onClose: () => void }) {
  const container = target.containers?.[0]?.containerName;
  return (
    <Dialog title="Open a shell" onClose={onClose}>
      <p className="dialog-lead">
        <span className="mono">{target.computeName}</span> runs containers. Where should the shell run?
      </p>
      <div className="choices">
        <button type="button" className="choice" onClick={() => onChoose('container')} autoFocus>
          <strong>Game server container</strong>
          <span>{container ? `Inside ${container}, where your server process runs.` : 'Inside the game server container.'}</span>
        </button>
        <button type="button" className="choice" onClick={() => onChoose('host')}>
          <strong>Host instance</strong>
          <span>On the instance that runs the containers (logs, Docker, system tools).</span>
        </button>
      </div>
    </Dialog>
  );
}
