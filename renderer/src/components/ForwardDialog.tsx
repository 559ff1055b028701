import { useState, type FormEvent } from 'react';
import type { ConnectApi, Session, Target } from '../../../preload/contract';
import { parseForward, type ForwardField } from '../forward-input';
import { useTask } from '../hooks/useTask';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/** Common game-server and admin ports, as one-click suggestions. */
const SUGGESTIONS = [
  { label: 'SSH 22', port: 22 },
  { label: 'HTTP 80', port: 80 },
  { label: 'RDP 3389', port: 3389 },
  { label: '7777', port: 7777 },
];

export function ForwardDialog({
  api,
  target,
  onClose,
  onOpened,
  remotePort,
}: {
  api: ConnectApi;
  target: Pick<Target, 'fleetId' | 'computeName' | 'location'>;
  onClose: () => void;
  onOpened: (session: Session) => void;
  /** Prefilled remote port (a game session's, from Find). */
  remotePort?: number;
}) {
  const [values, setValues] = useState<Record<ForwardField, string>>({ remotePort: remotePort !== undefined ? String(remotePort) : '', localPort: '', remoteHost: '' });
  const [errors, setErrors] = useState<Partial<Record<ForwardField, string>>>({});
  const [opened, setOpened] = useState<Session | null>(null);
  const open = useTask((input: Parameters<ConnectApi['openForward']>[0]) => api.openForward(input));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseForward(target, values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    const session = await open.run(parsed.input);
    if (session) {
      setOpened(session);
      onOpened(session);
    }
  };

  const field = (name: ForwardField, label: string, props: { placeholder: string; help: string; inputMode?: 'numeric' }) => (
    <label className={`field${errors[name] ? ' invalid' : ''}`}>
      <span>{label}</span>
      <input
        name={name}
        value={values[name]}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={`${name}-help`}
        onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        disabled={Boolean(opened)}
      />
      <small id={`${name}-help`} className={errors[name] ? 'field-error' : 'help'}>
        {errors[name] ?? props.help}
      </small>
    </label>
  );

  return (
    <Dialog title="Forward a port" onClose={onClose}>
      <p className="dialog-lead">
        From this computer to <span className="mono">{target.computeName}</span> ({target.location}).
      </p>
      {opened ? (
        <div className="forward-ready" role="status">
          <p>The forward is open. Point your tool at:</p>
          <div className="address">
            <code data-testid="forward-address">127.0.0.1:{opened.localPort}</code>
            <button type="button" className="small" onClick={() => void navigator.clipboard?.writeText(`127.0.0.1:${opened.localPort}`)}>
              Copy
            </button>
          </div>
          <p className="help">
            It reaches {opened.remoteHost ?? 'the compute'} port {opened.remotePort}. It stays open until you end it in Sessions.
          </p>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          {field('remotePort', 'Remote port', { placeholder: 'e.g. 7777', help: 'The port on the compute.', inputMode: 'numeric' })}
          <div className="suggestions">
            {SUGGESTIONS.map((s) => (
              <button key={s.port} type="button" className="chip" onClick={() => setValues({ ...values, remotePort: String(s.port) })}>
                {s.label}
              </button>
            ))}
          </div>
          {field('localPort', 'Local port (optional)', { placeholder: 'any free port', help: 'Leave empty to let the app pick a free one.', inputMode: 'numeric' })}
          {field('remoteHost', 'Remote host (optional)', { placeholder: 'the compute itself', help: 'Forward to another host reachable from the compute.' })}
          <ErrorNote error={open.error} context="Could not open the forward" />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={open.busy}>
              {open.busy ? 'Opening…' : 'Open forward'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
