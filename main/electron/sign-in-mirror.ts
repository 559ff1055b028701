// Main's copy of the IAM Identity Center sign-ins calls are waiting for, for the tray's
// "Sign-in needed: …": signInNeeded adds one (with the account and role the call asked for),
// signedIn removes it, and ssoStatus has the last word on the counts, since calls that give up
// waiting send no event. It is read again on every sign-in event and, while anything waits, every
// 15 s.
import type { EventPayload, SignInRef, SignInStatus } from '../../preload/contract';
import type { DaemonPort } from './daemon-port';
import type { WaitingSignIn } from './tray-menu';

const POLL_MS = 15_000;

/** The daemon's key for a sign-in: the sso-session's name, else the start URL. */
const keyOf = (ref: Pick<SignInRef, 'ssoSession' | 'startUrl'>): string => (ref.ssoSession !== null ? `session:${ref.ssoSession}` : `url:${ref.startUrl}`);

export class SignInMirror {
  private byKey = new Map<string, WaitingSignIn>();
  private readonly listeners = new Set<() => void>();
  private readonly neededListeners = new Set<(signIn: WaitingSignIn) => void>();
  private readonly off: () => void;
  private timer: NodeJS.Timeout | null = null;
  private reads = 0;

  constructor(private readonly daemon: DaemonPort) {
    this.off = daemon.subscribe((event, payload) => {
      if (event === 'signInNeeded') {
        const { waiting, reason: _reason, ...ref } = payload as EventPayload<'signInNeeded'>;
        const isNew = !this.byKey.has(keyOf(ref));
        this.byKey.set(keyOf(ref), { ref, waiting });
        this.changed();
        if (isNew) this.needed({ ref, waiting });
        void this.refresh();
      } else if (event === 'signedIn') {
        if (this.byKey.delete(keyOf(payload as EventPayload<'signedIn'>))) this.changed();
        void this.refresh();
      } else if (event === 'signInProgress') void this.refresh();
    });
    void this.refresh();
  }

  list(): WaitingSignIn[] {
    return [...this.byKey.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Once per need: when calls start waiting for a sign-in none waited for (a desktop notification), not per call. */
  onNewlyNeeded(listener: (signIn: WaitingSignIn) => void): () => void {
    this.neededListeners.add(listener);
    return () => this.neededListeners.delete(listener);
  }

  /** Reads ssoStatus: the counts it gives win; a sign-in no call waits for any more goes. */
  async refresh(): Promise<void> {
    const mine = ++this.reads;
    const wire = await this.daemon.dispatch('ssoStatus', {});
    if (!wire.ok || mine !== this.reads) return; // a daemon without sign-in: nothing to show
    const next = new Map<string, WaitingSignIn>();
    for (const status of (wire.value as { signIns: SignInStatus[] }).signIns) {
      if (status.waiting <= 0) continue;
      const key = keyOf(status);
      const known = this.byKey.get(key)?.ref;
      const ref: SignInRef = {
        ssoSession: status.ssoSession,
        startUrl: status.startUrl,
        ssoRegion: status.ssoRegion,
        profiles: status.profiles,
        ...(known?.accountId ? { accountId: known.accountId } : {}),
        ...(known?.roleName ? { roleName: known.roleName } : {}),
      };
      next.set(key, { ref, waiting: status.waiting });
    }
    const before = JSON.stringify(this.list());
    const added = [...next.entries()].filter(([key]) => !this.byKey.has(key)).map(([, signIn]) => signIn);
    this.byKey = next;
    if (JSON.stringify(this.list()) !== before) this.changed();
    for (const signIn of added) this.needed(signIn);
  }

  dispose(): void {
    this.off();
    this.listeners.clear();
    this.neededListeners.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private needed(signIn: WaitingSignIn): void {
    for (const listener of this.neededListeners) listener(signIn);
  }

  private changed(): void {
    const waiting = this.byKey.size > 0;
    if (waiting && !this.timer) this.timer = setInterval(() => void this.refresh(), POLL_MS);
    if (!waiting && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    for (const listener of this.listeners) listener();
  }
}
