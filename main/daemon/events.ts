// The daemon's outgoing events (contract `events`), fanned out to every subscriber: the Electron
// window, the tray, local API clients. A failing subscriber never disturbs the others; its
// failure is logged.
import type { EventName, EventPayload } from '../../preload/contract';
import type { Logger } from './log/logger';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly log?: Logger) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        // a subscriber's bug is its own: the others still get the event
        this.log?.warn('events', 'a subscriber failed on an event', { event }, err);
      }
    }
  }
}
