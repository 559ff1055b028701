// The OS keychain, through the keytar API of @napi-rs/keyring. On Linux the store is pinned to the
// Secret Service: without it the library would quietly fall back to the kernel keyring, so we
// probe first and refuse with a clear error instead.
import { Entry } from '@napi-rs/keyring';
import * as keytar from '@napi-rs/keyring/keytar';
import { DaemonError } from '../errors';

export interface Keychain {
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
  /** Account names stored under the service (secrets are read but dropped at once). */
  accounts(): Promise<string[]>;
}

function assertSecretServiceAvailable(service: string): void {
  if (process.platform !== 'linux') return;
  try {
    new Entry(service, 'availability-probe', { linux: { store: 'secret-service' } }).getPassword();
  } catch (err) {
    throw new DaemonError(
      'Unsupported',
      'No Secret Service keychain is available, so temporary credentials cannot be stored safely.',
      `Start a Secret Service provider (e.g. gnome-keyring or KWallet) in your session and unlock it. Detail: ${(err as Error).message}`,
    );
  }
}

/**
 * No keychain to be had: nothing was ever stored, and storing refuses with the reason. Lets the
 * daemon list fleets on a machine without one while every session start says why it cannot run.
 */
export function refusingKeychain(reason: DaemonError): Keychain {
  return {
    set: async () => {
      throw reason;
    },
    get: async () => null,
    delete: async () => false,
    accounts: async () => [],
  };
}

/**
 * The service's account names. findCredentials reads every item its search found and fails whole
 * when one of them is deleted meanwhile (a renewal retiring an old secret, another daemon's end):
 * measured on gnome-keyring, about one listing in eight under such churn. Retried; an item that is
 * gone is then rightly not listed. Not at once: a client that drops its Secret Service connection
 * with requests in flight and comes straight back is the pattern that makes gnome-keyring abort
 * (its "assertion 'client' failed" crash), so each retry waits a moment first.
 */
export async function listAccounts(service: string, attempts = 5): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await keytar.findCredentials(service)).map((c) => c.account);
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, LISTING_RETRY_MS * attempt));
    }
  }
}

const LISTING_RETRY_MS = 50;

export function osKeychain(service: string): Keychain {
  assertSecretServiceAvailable(service);
  return {
    set: (account, secret) => keytar.setPassword(service, account, secret),
    get: (account) => keytar.getPassword(service, account),
    delete: (account) => keytar.deletePassword(service, account),
    accounts: () => listAccounts(service),
  };
}
