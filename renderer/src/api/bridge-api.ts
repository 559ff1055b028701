// The Electron transport: window.gameliftConnect, exposed by preload/index.ts. Each bridge method
// resolves to a Wire result (errors keep their code and hint; thrown errors would lose them at the
// context bridge). Main validated the input already; the contract's client checks inputs, outputs
// and events anyway, so a compromised or mismatched main cannot feed views unchecked data.
import { createClient, type ConnectApi, type EventName, type MethodInput, type MethodName, type Wire } from '../../../preload/contract';

/** What preload/index.ts exposes as window.gameliftConnect. */
export type ConnectBridge = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Wire<unknown>>;
} & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    gameliftConnect?: ConnectBridge;
  }
}

export function bridgeApi(bridge: ConnectBridge): ConnectApi {
  return createClient(
    (method, input) => (bridge[method] as (input: unknown) => Promise<Wire<unknown>>)(input),
    (event, listener) => bridge.on(event, listener),
  );
}
