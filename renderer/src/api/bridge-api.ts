// The Electron transport: window.gameliftConnect, exposed by preload/index.ts. Each bridge method
// resolves to a Wire result (errors keep their code and hint; thrown errors would lose them at the
// context bridge). Main validated the input already; the renderer checks outputs and events anyway,
// so a compromised or mismatched main cannot feed views unchecked data.
import type { ConnectApi, EventName, EventPayload, MethodInput, MethodName, Wire } from '../../../preload/contract';
import { ConnectError } from './errors';
import { checkEvent, checkInput, checkOutput, methodNames } from './validate';

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
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    api[method] = async (input: unknown) => {
      const wire = await (bridge[method] as (input: unknown) => Promise<Wire<unknown>>)(checkInput(method, input));
      if (!wire.ok) throw new ConnectError(wire.error);
      return checkOutput(method, wire.value);
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
    bridge.on(event, (payload) => {
      const checked = checkEvent(event, payload);
      if (checked) listener(checked);
    });
  return api as ConnectApi;
}

