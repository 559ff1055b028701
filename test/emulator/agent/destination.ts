// Dialling the instance's port for a port session: the scenario maps (host, port) to a real
// loopback service through spec.resolvePort; with no host the agent dials localhost.
import { connect, type Socket } from 'node:net';
import type { AgentSessionSpec } from './agent-api';
import type { PortProperties } from './session-document';

/** Client bytes queued towards a slow destination beyond this are refused as not ready. */
export const DESTINATION_WRITE_LIMIT = 1 << 20;

export type Dial = () => Socket;

export function destinationDialer(spec: AgentSessionSpec, properties: PortProperties): Dial {
  return () => {
    const target = spec.resolvePort(Number(properties.portNumber), properties.host);
    return connect({ host: target.host, port: target.port });
  };
}
