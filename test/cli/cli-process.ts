// Runs `gamelift-connect` as a real child process (bin/gamelift-connect.js through tsx) pointed at
// an emulator, the way a user's shell would.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../../emulator/index';

const BIN = fileURLToPath(new URL('../../bin/gamelift-connect.js', import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
}

type EmulatorEndpoints = Pick<Emulator, 'region' | 'gameliftEndpoint' | 'ssmEndpoint' | 'kmsEndpoint' | 'credentials'>;

/**
 * The environment and leading arguments that point the CLI at the emulator as the account's user.
 * Each invocation gets its own data and runtime dirs, so it finds no running daemon and runs one
 * in-process (the endpoint flags alone would make it do so); the private test session's D-Bus
 * (test/env/session.sh) reaches that daemon's vault, the test keyring.
 */
export function cliInvocation(emulator: EmulatorEndpoints, args: string[]): { env: Record<string, string>; argv: string[] } {
  const dataDir = mkdtempSync(join(tmpdir(), 'glc-cli-'));
  const env: Record<string, string> = {
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
    GAMELIFT_CONNECT_DATA_DIR: dataDir,
    GAMELIFT_CONNECT_RUNTIME_DIR: join(dataDir, 'run'),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_REGION: emulator.region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const argv = [
    BIN,
    '--endpoint-url', emulator.gameliftEndpoint,
    '--ssm-endpoint-url', emulator.ssmEndpoint,
    '--kms-endpoint-url', emulator.kmsEndpoint,
    ...args,
  ];
  return { env, argv };
}

export function runCliProcess(emulator: EmulatorEndpoints, args: string[], extraEnv: Record<string, string> = {}): CliRun {
  const { env, argv } = cliInvocation(emulator, args);
  const child = spawn(process.execPath, argv, { env: { ...env, ...extraEnv }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  // 'close', not 'exit': by then all of the child's output has been read here.
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}
