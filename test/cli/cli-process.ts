// Runs `gamelift-connect` as a real child process (bin/gamelift-connect.js through tsx) pointed at
// an emulator, the way a user's shell would.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
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

/** The environment and leading arguments that point the CLI at the emulator as the account's user. */
export function cliInvocation(emulator: EmulatorEndpoints, args: string[]): { env: Record<string, string>; argv: string[] } {
  const env: Record<string, string> = {
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

export function runCliProcess(emulator: EmulatorEndpoints, args: string[]): CliRun {
  const { env, argv } = cliInvocation(emulator, args);
  const child = spawn(process.execPath, argv, { env, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}
