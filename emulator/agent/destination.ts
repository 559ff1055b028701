// Dialling the instance's port for a port session: the scenario maps (host, port) to a real
// loopback service through spec.resolvePort; with no host the agent dials localhost.
import { connect, type Socket } from 'node:net';
import type { AgentSessionSpec } from './agent-api';
import type { PluginContext } from './session-plugin';
import type { PortProperties } from './session-document';

/** Client bytes queued towards a slow destination beyond this stop the agent reading the client. */
const DESTINATION_WRITE_LIMIT = 1 << 20;

/**
 * After writing to a destination: the real agent writes synchronously from its WebSocket reader, so
 * a destination that does not keep up stops that reader, and TCP slows the client. Here reading
 * stops while `socket` holds more than DESTINATION_WRITE_LIMIT, and resumes when it drains or closes.
 * Input is never refused as not ready for this (that is only for a handler that does not exist yet).
 */
export function holdInputWhileBackedUp(socket: Socket, context: Pick<PluginContext, 'pauseInput' | 'resumeInput'>): void {
  if (socket.writableLength <= DESTINATION_WRITE_LIMIT) return;
  context.pauseInput();
  const resume = () => {
    socket.off('drain', resume);
    socket.off('close', resume);
    context.resumeInput();
  };
  socket.on('drain', resume);
  socket.on('close', resume);
}

export type Dial = () => Socket;

export function destinationDialer(spec: AgentSessionSpec, properties: PortProperties): Dial {
  return () => {
    const target = spec.resolvePort(Number(properties.portNumber), properties.host);
    return connect({ host: target.host, port: target.port });
  };
}
