// The sandbox: the local AWS emulator (test/emulator) started in this process, and the identity
// that points a Daemon at it. Loaded on demand so nothing of the emulator runs unless asked for.
// Its credentials are the emulator's own throw-away keys, so the sandbox keeps issued secrets in
// memory (memoryKeychain) rather than in the user's OS keychain; real mode always uses the keychain.
import type { Emulator, EmulatorOptions } from '../../../test/emulator/index';
import type { SandboxIdentity } from '../identity/identity';
import type { Keychain } from '../vault/keychain';

export interface Sandbox {
  emulator: Emulator;
  identity: SandboxIdentity;
  close(): Promise<void>;
}

export async function startSandbox(options: EmulatorOptions = {}): Promise<Sandbox> {
  const { startEmulator } = await import('../../../test/emulator/index');
  const emulator = await startEmulator(options);
  return {
    emulator,
    identity: {
      region: emulator.region,
      endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint },
      credentials: emulator.credentials,
    },
    close: () => emulator.close(),
  };
}

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
