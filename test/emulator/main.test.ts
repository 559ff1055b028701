// The standalone emulator (`npm run emulator`), driven as a user would: its one JSON line, the AWS
// SDK and the AWS CLI against it, and SSH to an SDK 4 Linux instance with the key it issues.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GetInstanceAccessCommand, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import ssh2 from 'ssh2';
import { gameLift } from './emulator-fixture';
import type { Scenario } from '../../emulator/index';
import { loadScenario } from '../../emulator/index';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Announcement {
  region: string;
  gameliftEndpoint: string;
  ssmEndpoint: string;
  kmsEndpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  env: Record<string, string>;
}

let child: ChildProcess;
let announced: Announcement;
const scenario: Scenario = loadScenario();

before(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  announced = JSON.parse(firstLine) as Announcement;
});
after(() => {
  child.kill('SIGTERM');
});

const client = () => gameLift({ ...announced, scenario });

describe('npm run emulator', () => {
  test('announces endpoints and credentials on one JSON line', () => {
    assert.equal(announced.region, 'us-west-2');
    for (const url of [announced.gameliftEndpoint, announced.ssmEndpoint, announced.kmsEndpoint]) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(announced.credentials.accessKeyId, /^AKIA/);
    assert.match(announced.env.GAMELIFT_CONNECT_SSH_PORT!, /^\d+$/);
  });

  test('answers the AWS SDK', async () => {
    const out = await client().send(new ListFleetsCommand({}));
    assert.equal(out.FleetIds?.length, scenario.fleets.length);
  });

  test('answers SSH for SDK 4 Linux instances with the key GetInstanceAccess issues, and only that key', async () => {
    const fleet = scenario.fleets.find((f) => f.name === 'legacy-linux-sdk4')!;
    const access = await client().send(new GetInstanceAccessCommand({ FleetId: fleet.fleetId, InstanceId: 'i-0d4a8f5b2e0a60001' }));
    const { IpAddress, Credentials } = access.InstanceAccess!;
    const port = Number(announced.env.GAMELIFT_CONNECT_SSH_PORT);
    const output = await sshExec({ host: IpAddress!, port, username: Credentials!.UserName!, privateKey: Credentials!.Secret! }, 'echo "$GAMELIFT_EMULATOR_SHELL:$USER"');
    assert.equal(output.trim(), 'sdk4-ssh:gl-user-remote');
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await assert.rejects(sshExec({ host: IpAddress!, port, username: 'gl-user-remote', privateKey: stranger }, 'true'), /authentication methods failed/);
  });
});

function sshExec(config: { host: string; port: number; username: string; privateKey: string }, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client();
    conn.on('error', reject);
    conn.on('ready', () => {
      conn.exec(command, (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.on('close', () => {
          conn.end();
          resolve(out);
        });
      });
    });
    conn.connect({ ...config, readyTimeout: 10_000 });
  });
}

async function awsCliPath(): Promise<string | undefined> {
  try {
    return (await run('sh', ['-c', 'command -v aws'])).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

const aws = await awsCliPath();

describe('the AWS CLI against the standalone emulator', { skip: aws ? false : 'the aws CLI is not on PATH' }, () => {
  /** The CLI's environment: these credentials only; the user's own profile and config must not leak in. */
  const cliEnv = (creds: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string }) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: creds.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
    ...(creds.SessionToken !== undefined ? { AWS_SESSION_TOKEN: creds.SessionToken } : {}),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  const cli = async (...args: string[]) => {
    const env = cliEnv({ AccessKeyId: announced.credentials.accessKeyId, SecretAccessKey: announced.credentials.secretAccessKey });
    const { stdout } = await run(aws!, [...args, '--region', 'us-west-2', '--output', 'json'], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  test('gamelift list-fleets', async () => {
    const out = await cli('gamelift', 'list-fleets', '--endpoint-url', announced.gameliftEndpoint);
    assert.deepEqual(out.FleetIds, scenario.fleets.map((f) => f.fleetId));
  });

  test('gamelift get-compute-access, then ssm describe-sessions with the issued credentials', async () => {
    const fleet = scenario.fleets.find((f) => f.name === 'arena-linux-sdk5')!;
    const out = await cli('gamelift', 'get-compute-access', '--endpoint-url', announced.gameliftEndpoint, '--fleet-id', fleet.fleetId, '--compute-name', 'i-0a1f5c2e9b7d30001');
    const creds = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    assert.match(creds.AccessKeyId, /^ASIA/);
    const { stdout } = await run(aws!, ['ssm', 'describe-sessions', '--state', 'Active', '--endpoint-url', announced.ssmEndpoint, '--region', 'us-west-2', '--output', 'json'], { env: cliEnv(creds) });
    assert.deepEqual(JSON.parse(stdout), { Sessions: [] });
  });

  test('ssm start-session without the plugin: the CLI starts the session, then terminates it', async () => {
    const plugin = await run('sh', ['-c', 'command -v session-manager-plugin || true']);
    if (plugin.stdout.trim()) return; // with a plugin installed the CLI would open an interactive session
    const fleet = scenario.fleets.find((f) => f.name === 'arena-global')!;
    const out = await cli('gamelift', 'get-compute-access', '--endpoint-url', announced.gameliftEndpoint, '--fleet-id', fleet.fleetId, '--compute-name', 'i-0f6cab7d4a2c80003');
    const creds = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const env = cliEnv(creds);
    const ssmArgs = ['--endpoint-url', announced.ssmEndpoint, '--region', 'us-east-1', '--output', 'json'];
    await run(aws!, ['ssm', 'start-session', '--target', 'i-0f6cab7d4a2c80003', ...ssmArgs], { env }).catch(() => undefined);
    const { stdout } = await run(aws!, ['ssm', 'describe-sessions', '--state', 'History', ...ssmArgs], { env });
    const sessions = (JSON.parse(stdout) as { Sessions: { Target: string; Status: string }[] }).Sessions;
    assert.deepEqual(sessions.map((x) => [x.Target, x.Status]), [['i-0f6cab7d4a2c80003', 'Terminated']]);
  });

  test('errors reach the CLI with AWS’s code', async () => {
    await assert.rejects(cli('gamelift', 'describe-build', '--endpoint-url', announced.gameliftEndpoint, '--build-id', 'build-missing'), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? '', /An error occurred \(NotFoundException\) when calling the DescribeBuild operation/);
      return true;
    });
  });
});
