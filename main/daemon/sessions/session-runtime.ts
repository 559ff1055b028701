// What the daemon keeps per live session beyond its contract record: the transport, the vault key
// of the current secret, the terminal backlog, timers and the clean-ups to run at the end.
// Never the secret itself.
import type { Fleet, Target } from '../../../preload/contract';
import type { ComputeAccess } from '../access/access';
import type { IdentitySnapshot } from '../identity/identity';
import type { Connection } from './connection';
import { ByteRing } from './ring-buffer';
import { TerminalFlow } from './terminal-flow';

/** What survives of issued access once its secret is in the vault. */
export type AccessFacts =
  | { route: 'compute-access'; ssmTarget: string; containers: ComputeAccess['containers'] }
  | { route: 'instance-access'; userName: string; ipAddress?: string };

export class SessionRuntime {
  private transport: Connection | undefined;
  vaultKey: string | undefined;
  renewTimer: NodeJS.Timeout | undefined;
  /** A renewal under way, shared by everyone who asks for one meanwhile. */
  renewing: Promise<unknown> | undefined;
  /** When the current credentials were issued (to learn their real lifetime when AWS rejects them). */
  issuedAt = 0;
  reconnecting = false;
  /** The last renewal failed (an `expiring` notification went out); the next success says so. */
  renewalFailed = false;
  ending = false;
  /** The end under way (finish), shared by every caller that ends the session. */
  finished: Promise<void> | undefined;
  /** Vault writes (a new secret in, the previous one out) under way; the end waits for them. */
  readonly vaultWrites = new Set<Promise<void>>();
  /** Run once at the end, in reverse order of registration (e.g. revoke a port rule, stop a relay). */
  readonly cleanups: Array<() => Promise<void>> = [];
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

  /** The transport, once up; a shell's output is held back while its viewers are behind. */
  set connection(connection: Connection | undefined) {
    this.transport = connection;
    connection?.setOutputBacklog?.(this.terminalFlow.backlog);
  }
}
