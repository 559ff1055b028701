// IPC channel names between main and the preload: one invoke channel per contract method, one
// send channel per contract event. preload/index.ts spells the same prefixes (it may import only
// electron and the contract); test/electron/preload.test.ts checks that the two agree.
import { methods, type EventName, type MethodName } from '../../preload/contract';

export const INVOKE_PREFIX = 'gameliftConnect:call:';
export const EVENT_PREFIX = 'gameliftConnect:event:';

export const invokeChannel = (method: MethodName): string => INVOKE_PREFIX + method;
export const eventChannel = (event: EventName): string => EVENT_PREFIX + event;

export const methodNames = Object.keys(methods) as MethodName[];
