// Picks the transport: the preload bridge inside Electron, the daemon's WebSocket in a browser.
import type { ConnectApi } from '../../../preload/contract';
import { bridgeApi } from './bridge-api';
import { takeToken } from './token';
import { WsLink, type LinkState } from './ws-api';

export type Connection =
  | { kind: 'electron'; api: ConnectApi; onLinkState: null }
  | { kind: 'web'; api: ConnectApi; onLinkState: (listener: (state: LinkState) => void) => () => void }
  | { kind: 'no-token' };

/** The local API shares the page's origin: the daemon serves the renderer (main/daemon/web). */
export const API_PATH = '/api';

export function connect(): Connection {
  if (window.gameliftConnect) return { kind: 'electron', api: bridgeApi(window.gameliftConnect), onLinkState: null };
  const token = takeToken();
  if (!token) return { kind: 'no-token' };
  const link = new WsLink(`ws://${location.host}${API_PATH}`, token);
  return { kind: 'web', api: link.api, onLinkState: (listener) => link.onState(listener) };
}
