// Starts a Daemon against the emulator with a throw-away data dir and keychain service, and
// collects everything it emits, for the daemon's integration tests. Not a test file itself.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../preload/contract';
import { Daemon, type DaemonOptions } from '../../main/daemon/daemon';
import { listAccounts } from '../../main/daemon/vault/keychain';
import { startEmulator, type EmulatorOptions, type Emulator } from '../../emulator/index';
import { uniqueKeyringService } from '../support/keyring';
import { startSshd, type Sshd } from '../support/sshd';

export interface Harness {
  emulator: Emulator;
  daemon: Daemon;
  dataDir: string;
  keychainService: string;
  emitted: Array<{ event: EventName; payload: unknown }>;
  /** A session's terminal output so far, as the API events carried it. */
  output(sessionId: string): string;
  /** A transfer's transferProgress events so far, in order. */
  progress(transferId: string): EventPayload<'transferProgress'>[];
  /** Accounts the daemon holds in its keychain service: one per live session's secret. */
  vaultAccounts(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startHarness(emulatorOptions: EmulatorOptions = {}, daemonOptions: Partial<DaemonOptions> = {}): Promise<Harness> {
  const emulator = await startEmulator(emulatorOptions);
  const dataDir = await mkdtemp(join(tmpdir(), 'glc-daemon-'));
  // A test that wraps the keychain (test/support/keyring.ts gatedKeychain) names its service.
  const keychainService = daemonOptions.keychainService ?? uniqueKeyringService('daemon');
  const daemon = await Daemon.start({
    dataDir,
    keychainService,
    sandbox: {
      region: emulator.region,
      endpoints: { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint, kms: emulator.kmsEndpoint },
      credentials: emulator.credentials,
    },
    ...daemonOptions,
    settings: { clientAddress: '127.0.0.1', ...daemonOptions.settings },
  });
  const emitted: Harness['emitted'] = [];
  daemon.events.subscribe((event, payload) => emitted.push({ event, payload }));
  return {
    emulator,
    daemon,
    dataDir,
    keychainService,
    emitted,
    output: (sessionId) =>
      emitted
        .filter((e) => e.event === 'terminalData' && (e.payload as { sessionId: string }).sessionId === sessionId)
        .map((e) => Buffer.from((e.payload as { data: string }).data, 'base64').toString())
        .join(''),
    progress: (transferId) =>
      emitted.flatMap((e) => (e.event === 'transferProgress' && (e.payload as EventPayload<'transferProgress'>).transferId === transferId ? [e.payload as EventPayload<'transferProgress'>] : [])),
    // Listed with retries: a renewal deleting an old secret meanwhile fails a bare findCredentials.
    vaultAccounts: () => listAccounts(keychainService),
    async close() {
      await daemon.stop();
      await emulator.close();
    },
  };
}

/**
 * A harness whose SDK 4 Linux instance `instance` is a real local OpenSSH (test/support/sshd.ts):
 * the emulator issues a key that sshd accepts, and the daemon's direct session to the instance goes
 * to sshd's address. instanceRoot: the instance's own /local. close() stops sshd too.
 */
export async function startSdk4Harness(
  instance: string,
  options: { instanceRoot?: string; emulator?: EmulatorOptions; settings?: DaemonOptions['settings'] } = {},
): Promise<Harness & { sshd: Sshd }> {
  const sshd = await startSshd({ instanceRoot: options.instanceRoot });
  try {
    const h = await startHarness(
      { ...options.emulator, sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } },
      { settings: { ...options.settings, directEndpoints: { [instance]: { ssh: { host: sshd.host, port: sshd.port, username: sshd.user } } } } },
    );
    return {
      ...h,
      sshd,
      async close() {
        await h.close();
        await sshd.stop();
      },
    };
  } catch (error) {
    await sshd.stop();
    throw error;
  }
}

export const FLEETS = {
  sdk5Linux: 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001',
  sdk5Windows: 'fleet-2a9c6e1d-0002-4b7f-8e3a-6c1d9f2b0002',
  containers: 'containerfleet-2a9c6e1d-0003-4b7f-8e3a-6c1d9f2b0003',
  sdk4Linux: 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004',
  sdk4Windows: 'fleet-2a9c6e1d-0005-4b7f-8e3a-6c1d9f2b0005',
  anywhere: 'fleet-2a9c6e1d-0006-4b7f-8e3a-6c1d9f2b0006',
  global: 'fleet-2a9c6e1d-0007-4b7f-8e3a-6c1d9f2b0007',
  loadTest: 'fleet-2a9c6e1d-0008-4b7f-8e3a-6c1d9f2b0008',
  activating: 'fleet-2a9c6e1d-0009-4b7f-8e3a-6c1d9f2b0009',
  broken: 'fleet-2a9c6e1d-0010-4b7f-8e3a-6c1d9f2b0010',
} as const;
