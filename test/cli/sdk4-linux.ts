// A server SDK 4 Linux instance for the CLI as a child process: a real local OpenSSH
// (test/support/sshd.ts) that accepts the key the emulator's GetInstanceAccess issues, and the
// daemon's documented overrides (docs/daemon.md) that send a direct session there and name this
// machine's address for the /32 rule.
import { startEmulator, type Emulator } from '../../emulator/index';
import { startSshd, type Sshd } from '../support/sshd';
import { runCliProcess, type CliRun } from './cli-process';

export interface Sdk4Linux {
  readonly sshd: Sshd;
  readonly emulator: Emulator;
  /** `gamelift-connect <args>` pointed at the emulator, its SSH going to the local sshd. */
  run(args: string[]): CliRun;
  stop(): Promise<void>;
}

/** instanceRoot: the instance's own /local (test/support/sshd.ts). */
export async function startSdk4Linux(options: { instanceRoot?: string } = {}): Promise<Sdk4Linux> {
  const sshd = await startSshd(options);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } });
  } catch (error) {
    await sshd.stop();
    throw error;
  }
  const env = {
    GAMELIFT_CONNECT_SSH_HOST: sshd.host,
    GAMELIFT_CONNECT_SSH_PORT: String(sshd.port),
    GAMELIFT_CONNECT_SSH_USER: sshd.user,
    GAMELIFT_CONNECT_CLIENT_ADDRESS: '127.0.0.1',
  };
  return {
    sshd,
    emulator,
    run: (args) => runCliProcess(emulator, args, env),
    async stop() {
      await emulator.close();
      await sshd.stop();
    },
  };
}
