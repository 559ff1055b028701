// What the Electron shell needs from the daemon: one validated dispatcher for every contract
// method (the same one the local WebSocket API uses) and its event stream.
import type { EventName, EventPayload, MethodName, Wire } from '../../preload/contract';

export type DaemonEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface DaemonPort {
  /** Validates `input` against the contract and runs the method; never throws. */
  dispatch(method: MethodName, input: unknown): Promise<Wire<unknown>>;
  subscribe(listener: DaemonEventListener): () => void;
  close(): Promise<void>;
}
