// A small typed event hub shared by both transports.
import type { EventName, EventPayload } from '../../../preload/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class Listeners {
  private readonly byEvent = new Map<EventName, Set<(payload: never) => void>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.byEvent.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    }
  }
}
