// Both transports hand the renderer values that crossed a process boundary: check them against
// the contract before any view trusts them, and check inputs before they leave (so a dialog can
// show a field error without a round trip).
import { z } from 'zod';
import { events, methods, type EventName, type EventPayload, type MethodName, type MethodOutput } from '../../../preload/contract';
import { ConnectError } from './errors';

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

export function checkInput<M extends MethodName>(method: M, input: unknown): unknown {
  const parsed = methods[method].input.safeParse(input);
  if (!parsed.success) throw new ConnectError({ code: 'InvalidInput', message: describe(parsed.error) });
  return parsed.data;
}

export function checkOutput<M extends MethodName>(method: M, value: unknown): MethodOutput<M> {
  const parsed = methods[method].output.safeParse(value);
  if (!parsed.success) {
    throw new ConnectError({
      code: 'Internal',
      message: `The daemon's answer to ${method} did not match the contract (${describe(parsed.error)}).`,
      hint: 'The app and the daemon may be different versions: restart GameLift Connect.',
    });
  }
  return parsed.data as MethodOutput<M>;
}

/** An event payload, or null when it does not match its schema (dropped, never half-trusted). */
export function checkEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  const parsed = events[event].safeParse(payload);
  return parsed.success ? (parsed.data as EventPayload<E>) : null;
}

export const methodNames = Object.keys(methods) as MethodName[];
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);
