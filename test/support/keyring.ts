/**
 * Guards for tests that touch a keyring: they must run inside test/env/session.sh (which
 * `npm test` uses), on a private D-Bus session bus with a throw-away gnome-keyring, never
 * against the machine's real keyring.
 *
 *   before(() => assertPrivateKeyring());    // throws, with the command to use, when outside
 *   const service = uniqueKeyringService('vault-test');   // no clashes between parallel files
 *   const gate = gatedKeychain(osKeychain(service));    // the real keychain, its next set() held
 *   const held = gate.holdNextSet(); …; await held.entered; …; held.release();
 *
 * Run one file with: bash test/env/session.sh npx tsx --test <file>
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { resolve, sep } from 'node:path';
import type { Keychain } from '../../main/daemon/vault/keychain';

export interface PrivateKeyring {
  /** The throw-away root holding the keyring files and the session's XDG directories. */
  readonly sessionDir: string;
}

export function assertPrivateKeyring(): PrivateKeyring {
  const sessionDir = process.env.GLC_TEST_SESSION_DIR;
  const busAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  const howToRun = 'run the tests with `npm test`, or one file with `bash test/env/session.sh npx tsx --test <file>`';
  if (!sessionDir || !busAddress) {
    throw new Error(`No private test keyring session (GLC_TEST_SESSION_DIR / DBUS_SESSION_BUS_ADDRESS unset): ${howToRun}`);
  }
  if (!resolve(sessionDir).startsWith(resolve(tmpdir()) + sep)) {
    throw new Error(`GLC_TEST_SESSION_DIR=${sessionDir} is not a throw-away temp directory: ${howToRun}`);
  }
  if (process.env.XDG_DATA_HOME !== `${sessionDir}/data`) {
    throw new Error(`XDG_DATA_HOME does not point into the test session, the real keyring could be touched: ${howToRun}`);
  }
  return { sessionDir };
}

/** A Secret Service "service" name no other test (or earlier run) uses. */
export function uniqueKeyringService(prefix: string): string {
  return `glc-test-${prefix}-${randomUUID()}`;
}

export interface HeldSet {
  /** Resolves with the account once a set() reached the gate (nothing is in the keychain yet). */
  entered: Promise<string>;
  /** Lets the held set() go on to the real keychain. */
  release(): void;
}

/**
 * The real keychain, every call passed through, with a gate a test can close on the next set():
 * to end a session or stop a daemon while a secret is being written, deterministically. Records
 * when each set() completed, so a test can tell whether a secret was created after some moment.
 */
export function gatedKeychain(inner: Keychain) {
  let next: { enter: (account: string) => void; opened: Promise<void> } | undefined;
  const completedSets: Array<{ account: string; at: number }> = [];
  let clock = 0;
  const keychain: Keychain = {
    async set(account, secret) {
      const gate = next;
      next = undefined;
      if (gate) {
        gate.enter(account);
        await gate.opened;
      }
      await inner.set(account, secret);
      completedSets.push({ account, at: ++clock });
    },
    get: (account) => inner.get(account),
    delete: (account) => inner.delete(account),
    accounts: () => inner.accounts(),
  };
  return {
    keychain,
    /** Holds the next set() until release(). */
    holdNextSet(): HeldSet {
      let enter!: (account: string) => void;
      let release!: () => void;
      const entered = new Promise<string>((r) => (enter = r));
      const opened = new Promise<void>((r) => (release = r));
      next = { enter, opened };
      return { entered, release };
    },
    /** A mark in the sequence of completed set() calls. */
    mark: () => clock,
    /** Accounts whose set() completed after `mark`. */
    setsAfter: (mark: number) => completedSets.filter((s) => s.at > mark).map((s) => s.account),
  };
}
