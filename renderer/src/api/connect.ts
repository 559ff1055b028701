// Picks the transport: the preload bridge inside Electron, the daemon's WebSocket in a browser.
import type { ConnectApi } from '../../../preload/contract';
import { bridgeApi } from './bridge-api';
import { takeLaunchParams } from './token';
import { WsLink, type LinkState } from './ws-api';

export type Connection =
  | { kind: 'electron'; api: ConnectApi; onLinkState: null }
  | { kind: 'web'; api: ConnectApi; onLinkState: (listener: (state: LinkState) => void) => () => void }
  | { kind: 'no-token' };

/** The local API's path on the daemon's HTTP server (web mode serves the UI from the same origin). */
export const API_PATH = '/api';

export function connect(): Connection {
  if (window.gameliftConnect) return { kind: 'electron', api: bridgeApi(window.gameliftConnect), onLinkState: null };
  const { token, apiPort } = takeLaunchParams();
  if (!token) return { kind: 'no-token' };
  const host = apiPort ? `127.0.0.1:${apiPort}` : location.host;
  const link = new WsLink(`ws://${host}${API_PATH}`, token);
  return { kind: 'web', api: link.api, onLinkState: (listener) => link.onState(listener) };
}
