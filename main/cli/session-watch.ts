// Following one session of the daemon from a command: its events are subscribed to *before* the
// session is opened (its ID is not known yet), kept in arrival order, and handed over once the
// open call names the session. So a command sees every event of its session from the first one,
// including terminal output printed while it was starting, exactly once: no backlog to merge.
import type { EventPayload, Session } from '../../preload/contract';
import type { ApiHandle } from './commands/daemon-api';

export interface SessionEnd {
  session: Session;
  /** A drop or failure (the daemon's `ended-unexpectedly` notification), not a plain end. */
  unexpected: boolean;
}

type Held = { [E in 'terminalData' | 'sessionChanged' | 'notification']: { event: E; payload: EventPayload<E> } }['terminalData' | 'sessionChanged' | 'notification'];

export class SessionWatch {
  private id: string | null = null;
  private held: Held[] | null = [];
  private unexpected = false;
  private endedSession: Session | null = null;
  private resolveEnd!: (end: Session) => void;
  /** Resolves with the session's last state once it has ended. */
  private readonly endedPromise = new Promise<Session>((resolve) => (this.resolveEnd = resolve));
  private readonly offs: Array<() => void>;
  private onData: (bytes: Buffer, offset: number) => void = () => undefined;
  private onNotice: (text: string) => void = () => undefined;

  constructor(private readonly api: ApiHandle) {
    const take = <E extends Held['event']>(event: E) => api.on(event, (payload: EventPayload<E>) => this.receive({ event, payload } as Held));
    this.offs = [take('terminalData'), take('sessionChanged'), take('notification')];
  }

  get sessionId(): string | null {
    return this.id;
  }

  get ended(): boolean {
    return this.endedSession !== null;
  }

  /**
   * The open call answered: from here on only `sessionId`'s events count; the held ones are
   * replayed in order. `onData` gets its terminal output, `onNotice` what the daemon notifies
   * about its access (a renewal that failed and is retried, access fresh again).
   */
  attach(sessionId: string, handlers: { onData?: (bytes: Buffer, offset: number) => void; onNotice?: (text: string) => void } = {}): void {
    this.id = sessionId;
    if (handlers.onData) this.onData = handlers.onData;
    if (handlers.onNotice) this.onNotice = handlers.onNotice;
    const held = this.held ?? [];
    this.held = null;
    for (const item of held) this.handle(item);
  }

  /**
   * The session's end, once it comes. The daemon sends `ended-unexpectedly` right after the
   * `ended` state; one more round trip (answered after every event sent before it) makes sure
   * it has arrived before the end is reported.
   */
  async end(): Promise<SessionEnd> {
    const session = await this.endedPromise;
    await this.api.call('getStatus', {}).catch(() => undefined);
    return { session, unexpected: this.unexpected };
  }

  stop(): void {
    for (const off of this.offs) off();
  }

  private receive(item: Held): void {
    if (this.held) this.held.push(item);
    else this.handle(item);
  }

  private handle(item: Held): void {
    switch (item.event) {
      case 'terminalData':
        if (item.payload.sessionId === this.id) this.onData(Buffer.from(item.payload.data, 'base64'), item.payload.offset);
        return;
      case 'notification':
        if (item.payload.sessionId !== this.id) return;
        if (item.payload.kind === 'ended-unexpectedly') this.unexpected = true;
        else if (item.payload.kind === 'expiring' || item.payload.kind === 'renewed') this.onNotice(`${item.payload.title}: ${item.payload.body}`);
        return;
      case 'sessionChanged':
        if (item.payload.id === this.id && item.payload.state === 'ended' && !this.endedSession) {
          this.endedSession = item.payload;
          this.resolveEnd(item.payload);
        }
        return;
    }
  }
}
