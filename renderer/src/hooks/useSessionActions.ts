import { useState } from 'react';
import type { ConnectApi, Session, Target } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';

export interface ActionError {
  error: ConnectError;
  context: string;
  retry?: { label: string; run: () => void };
}

/**
 * Opening shells and Remote Desktop from the compute list: which compute is connecting, and the
 * error to show above the list. An SDK 4 fleet whose inbound rules keep this machine out
 * (PortClosed) offers to open the port for this address alone — only on the user's click.
 */
export function useSessionActions(api: ConnectApi, onOpened: (session: Session) => void, onShell: (session: Session, background: boolean) => void) {
  const [pendingName, setPendingName] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ActionError | null>(null);

  const open = async (
    context: string,
    target: Target,
    start: (openInboundPort: boolean) => Promise<Session>,
    openInboundPort = false,
    background = false,
  ): Promise<Session | null> => {
    setActionError(null);
    setPendingName(target.computeName);
    try {
      const session = await start(openInboundPort);
      onOpened(session);
      if (session.kind === 'shell') onShell(session, background);
      return session;
    } catch (caught) {
      const error = toConnectError(caught);
      const retry =
        error.code === 'PortClosed' && !openInboundPort
          ? { label: 'Open it for my address', run: () => void open(context, target, start, true, background) }
          : undefined;
      setActionError({ error, context: `${context} ${target.computeName}`, ...(retry ? { retry } : {}) });
      return null;
    } finally {
      setPendingName(null);
    }
  };

  /** `background`: the new terminal gets a tab but the view stays where it is. */
  const openShell = (target: Target, shellIn?: 'host' | 'container', background = false) =>
    open(
      'Could not open a shell on',
      target,
      (openInboundPort) =>
        api.openShell({ fleetId: target.fleetId, computeName: target.computeName, ...(shellIn ? { shellIn } : {}), ...(openInboundPort ? { openInboundPort } : {}) }),
      false,
      background,
    );

  const openRdp = (target: Target) =>
    open('Could not start Remote Desktop to', target, (openInboundPort) =>
      api.openRdp({ fleetId: target.fleetId, computeName: target.computeName, ...(openInboundPort ? { openInboundPort } : {}) }),
    );

  /** A forward straight to a known port (reopening a recent one): no dialog. */
  const openForward = (target: Target, remotePort: number) =>
    open(`Could not forward port ${remotePort} on`, target, () => api.openForward({ fleetId: target.fleetId, computeName: target.computeName, remotePort }));

  return { pendingName, actionError, clearActionError: () => setActionError(null), openShell, openRdp, openForward };
}
