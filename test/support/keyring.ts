/**
 * Guards for tests that touch a keyring: they must run inside test/env/session.sh (which
 * `npm test` uses), on a private D-Bus session bus with a throw-away gnome-keyring, never
 * against the machine's real keyring.
 *
 *   before(() => assertPrivateKeyring());    // throws, with the command to use, when outside
 *   const service = uniqueKeyringService('vault-test');   // no clashes between parallel files
 *
 * Run one file with: bash test/env/session.sh npx tsx --test <file>
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { resolve, sep } from 'node:path';

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
