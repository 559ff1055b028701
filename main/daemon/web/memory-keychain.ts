// The sandbox's keychain: secrets the emulator issued (throw-away keys for a local stand-in) kept in
// memory for the life of the process. Never used against AWS: real mode uses the OS keychain.
import type { Keychain } from '../vault/keychain';

/** A keychain that lives and dies with the process: for emulator-issued secrets only. */
export function memoryKeychain(): Keychain {
  const secrets = new Map<string, string>();
  return {
    set: async (account, secret) => void secrets.set(account, secret),
    get: async (account) => secrets.get(account) ?? null,
    delete: async (account) => secrets.delete(account),
    accounts: async () => [...secrets.keys()],
  };
}
