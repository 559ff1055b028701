// Dialling the instance's port for a port session: the scenario maps (host, port) to a real
// loopback service through spec.resolvePort; with no host the agent dials localhost.
import { connect, type Socket } from 'node:net';
import type { AgentSessionSpec } from './agent-api';
import type { PortProperties } from './session-document';

/** Client bytes queued towards a slow destination beyond this are refused as not ready. */
const DESTINATION_WRITE_LIMIT = 1 << 20;

/**
 * True when `socket` has more than DESTINATION_WRITE_LIMIT queued: the caller answers 'not-ready',
 * and `retry` (the channel's retryInput) runs once the socket drains.
 */
export function backedUp(socket: Socket, retry: () => void): boolean {
  if (socket.writableLength <= DESTINATION_WRITE_LIMIT) return false;
  socket.once('drain', retry);
  return true;
}

export type Dial = () => Socket;

export function destinationDialer(spec: AgentSessionSpec, properties: PortProperties): Dial {
  return () => {
    const target = spec.resolvePort(Number(properties.portNumber), properties.host);
    return connect({ host: target.host, port: target.port });
  };
}
