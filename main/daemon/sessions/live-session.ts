// What the session manager keeps per live session beyond its contract record (the registry's):
// the transport and clean-ups an opener handed over, the vault key of the current secret, the
// terminal backlog, the renewal under way and the end. Never the secret itself. Only the
// SessionManager reads or writes it; openers see an Opening (opening.ts) and return an Opened.
import type { Fleet, Target } from '../../../preload/contract';
import type { IdentitySnapshot } from '../identity/identity';
import type { Connection } from '../transport/connection';
import type { Cleanup, Opened } from './opening';
import { ByteRing } from './ring-buffer';
import { TerminalFlow } from './terminal-flow';

export class LiveSession {
  private transport: Connection | undefined;
  private readonly cleanups: Cleanup[] = [];
  private readonly endSignal = new AbortController();

  /** Where the current secret is in the vault. */
  vaultKey: string | undefined;
  /** When the current credentials were issued, and when the daemon takes them to expire. */
  issuedAt = 0;
  expiresAt = 0;
  /** Vault writes (a new secret in, the previous one out) under way; the end waits for them. */
  readonly vaultWrites = new Set<Promise<void>>();

  renewTimer: NodeJS.Timeout | undefined;
  /** A renewal under way, shared by everyone who asks for one meanwhile. */
  renewing: Promise<unknown> | undefined;
  /** The last renewal failed (an `expiring` notification went out); the next success says so. */
  renewalFailed = false;
  /**
   * The transport reports its link down (SSM: resuming). Not the registry's state: a renewal
   * moves the record to `renewing` meanwhile, and this says where it goes back to.
   */
  linkDown = false;

  /** The opener under way; the end waits for it, then closes what it built. */
  opening: Promise<unknown> | undefined;
  /** The end under way, shared by every caller that ends the session. */
  finished: Promise<void> | undefined;

  readonly backlog: ByteRing;
  /** Terminal output the windows have not yet processed: the shell holds back on it. */
  readonly terminalFlow = new TerminalFlow(() => this.transport?.outputDrained?.());

  constructor(
    readonly id: string,
    readonly fleet: Fleet,
    readonly target: Target,
    /** Renewals and clean-ups use the identity the session started under. */
    readonly who: IdentitySnapshot,
    backlogBytes: number,
  ) {
    this.backlog = new ByteRing(backlogBytes);
  }

  get connection(): Connection | undefined {
    return this.transport;
  }

  /** The end has begun: no renewal, no new secret, nothing new is built for this session. */
  get ending(): boolean {
    return this.endSignal.signal.aborted;
  }

  beginEnd(): void {
    this.endSignal.abort();
  }

  /** Takes over what an opener built; a shell's output is held back while its viewers are behind. */
  adopt(opened: Opened): Opened {
    this.transport = opened.connection;
    this.cleanups.push(...opened.cleanups);
    opened.connection?.setOutputBacklog?.(this.terminalFlow.backlog);
    return opened;
  }

  /** One more clean-up for the end (only before the end began: finish takes them after beginEnd). */
  addCleanup(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** The clean-ups to run at the end, newest first; each is handed out once. */
  takeCleanups(): Cleanup[] {
    return this.cleanups.splice(0).reverse();
  }
}
