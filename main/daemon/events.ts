// The daemon's outgoing events (contract `events`), fanned out to every subscriber: the Electron
// window, the tray, local API clients. A failing subscriber never disturbs the others.
import type { EventName, EventPayload } from '../../preload/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // a subscriber's bug is its own
      }
    }
  }
}
