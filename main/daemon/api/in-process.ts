// The contract's client over a Daemon in this process: calls go through the one dispatcher (the
// same checks and error shaping as the local API), events come straight from the daemon's bus.
// The CLI uses it when no daemon is running, so a command is the same client either way: the
// running daemon's `DaemonClient.api` and this have one shape (`call`, `on`).
import { createClient, type ConnectClient } from '../../../preload/contract';
import type { Daemon } from '../daemon';
import { createDispatcher } from './dispatcher';

export function inProcessClient(daemon: Pick<Daemon, 'api' | 'log' | 'events'>): ConnectClient {
  const dispatch = createDispatcher(daemon.api, daemon.log);
  return createClient(
    (method, input) => dispatch(method, input),
    (event, listener) => daemon.events.subscribe((name, payload) => {
      if (name === event) listener(payload);
    }),
  );
}
