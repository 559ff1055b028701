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
import { readZip } from './zip-reader';
import { awsCliPath } from '../support/aws-cli';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Announcement {
  region: string;
  gameliftEndpoint: string;
  logsEndpoint: string;
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
    for (const url of [announced.gameliftEndpoint, announced.ssmEndpoint, announced.kmsEndpoint, announced.logsEndpoint]) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
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

  const endpoint = () => ['--endpoint-url', announced.gameliftEndpoint];
  const fleetNamed = (name: string) => scenario.fleets.find((f) => f.name === name)!.fleetId;
  const sessionArn = (fleet: string, n: number, location?: string) =>
    `arn:aws:gamelift:us-west-2::gamesession/${fleetNamed(fleet)}/${location ? `${location}/` : ''}gsess-1a2b3c4d-${String(n).padStart(4, '0')}-4e5f-8a9b-0c1d2e3f${String(n).padStart(4, '0')}`;

  test('gamelift describe-game-sessions: by fleet and status, and by game session ID', async () => {
    const out = await cli('gamelift', 'describe-game-sessions', ...endpoint(), '--fleet-id', fleetNamed('arena-linux-sdk5'), '--status-filter', 'ACTIVE');
    const sessions = out.GameSessions as { Name: string; ComputeName: string; IpAddress: string; Port: number; CurrentPlayerSessionCount: number; CreationTime: number }[];
    assert.deepEqual(sessions.map((g) => [g.Name, g.ComputeName, g.IpAddress, g.Port, g.CurrentPlayerSessionCount]), [
      ['ranked-duel-4471', 'i-0a1f5c2e9b7d30001', '198.51.100.11', 33430, 4],
      ['casual-ffa-2210', 'i-0a1f5c2e9b7d30002', '198.51.100.12', 33431, 4],
    ]);
    // aws-cli v1 prints timestamps as the service sent them: epoch seconds (37 minutes before start-up).
    assert.ok(Math.abs(sessions[0]!.CreationTime - (Date.now() / 1000 - 37 * 60)) < 120, String(sessions[0]!.CreationTime));
    const one = await cli('gamelift', 'describe-game-sessions', ...endpoint(), '--game-session-id', sessionArn('arena-global', 19, 'eu-west-1'));
    assert.deepEqual((one.GameSessions as { Location: string; Name: string }[]).map((g) => [g.Name, g.Location]), [['global-ranked-eu', 'eu-west-1']]);
  });

  test('gamelift search-game-sessions with a filter and a sort expression', async () => {
    const out = await cli('gamelift', 'search-game-sessions', ...endpoint(), '--fleet-id', fleetNamed('arena-linux-sdk5'), '--filter-expression', "gameSessionProperties.region = 'na' AND playerSessionCount >= 4", '--sort-expression', 'creationTimeMillis ASC');
    assert.deepEqual((out.GameSessions as { Name: string }[]).map((g) => g.Name), ['casual-ffa-2210', 'ranked-duel-4471']);
  });

  test('gamelift describe-player-sessions: by game session with a status filter, and by player', async () => {
    const out = await cli('gamelift', 'describe-player-sessions', ...endpoint(), '--game-session-id', sessionArn('arena-linux-sdk5', 1), '--player-session-status-filter', 'ACTIVE');
    assert.deepEqual((out.PlayerSessions as { PlayerId: string; Status: string }[]).map((p) => [p.PlayerId, p.Status]), [
      ['player-3f9c21', 'ACTIVE'],
      ['player-a7e410', 'ACTIVE'],
      ['player-51bd88', 'ACTIVE'],
    ]);
    const player = await cli('gamelift', 'describe-player-sessions', ...endpoint(), '--player-id', 'player-a7e410');
    assert.deepEqual((player.PlayerSessions as { GameSessionId: string }[]).map((p) => p.GameSessionId), [sessionArn('arena-linux-sdk5', 1), sessionArn('arena-linux-sdk5', 5)]);
  });

  test('gamelift describe-fleet-events: the failed fleet’s events, newest first, with log URLs that download', async () => {
    const out = await cli('gamelift', 'describe-fleet-events', ...endpoint(), '--fleet-id', fleetNamed('arena-broken'));
    const events = out.Events as { EventCode: string; Message: string; PreSignedLogUrl?: string; Count?: number }[];
    assert.deepEqual(events.slice(0, 3).map((e) => [e.EventCode, e.Count]), [['FLEET_STATE_ERROR', undefined], ['FLEET_ACTIVATION_FAILED', undefined], ['SERVER_PROCESS_CRASHED', 3]]);
    assert.equal(events.at(-1)!.EventCode, 'FLEET_CREATED');
    assert.ok(events[1]!.PreSignedLogUrl!.startsWith(`${announced.logsEndpoint}/`));
    assert.match(await (await fetch(events[1]!.PreSignedLogUrl!)).text(), /No server process reached ProcessReady\(\)/);
    const window = await cli('gamelift', 'describe-fleet-events', ...endpoint(), '--fleet-id', fleetNamed('arena-linux-sdk5'), '--start-time', new Date(Date.now() - 60 * 60_000).toISOString());
    assert.deepEqual((window.Events as { EventCode: string }[]).map((e) => e.EventCode), ['GAME_SESSION_ACTIVATION_TIMEOUT']);
  });

  test('gamelift get-game-session-log-url: a URL to the ended session’s log zip', async () => {
    const out = await cli('gamelift', 'get-game-session-log-url', ...endpoint(), '--game-session-id', sessionArn('arena-linux-sdk5', 5));
    const response = await fetch(out.PreSignedUrl as string);
    assert.equal(response.status, 200);
    const [file] = readZip(Buffer.from(await response.arrayBuffer()));
    assert.equal(file!.name, 'server.log');
    assert.match(file!.text, /OnStartGameSession: .*\(casual-ffa-2188\)/);
  });

  test('game session errors reach the CLI with AWS’s codes', async () => {
    const failing = async (args: string[], code: string, operation: string) =>
      assert.rejects(cli('gamelift', ...args, ...endpoint()), (error: Error & { stderr?: string }) => {
        assert.match(error.stderr ?? '', new RegExp(`An error occurred \\(${code}\\) when calling the ${operation} operation`));
        return true;
      });
    await failing(['get-game-session-log-url', '--game-session-id', sessionArn('arena-linux-sdk5', 2)], 'NotFoundException', 'GetGameSessionLogUrl');
    await failing(['terminate-game-session', '--game-session-id', sessionArn('arena-linux-sdk5', 4), '--termination-mode', 'FORCE_TERMINATE'], 'InvalidGameSessionStatusException', 'TerminateGameSession');
    await failing(['describe-game-sessions', '--alias-id', 'alias-7e1c3b5a-0002-4d2e-9f3a-1b2c3d4e0002'], 'TerminalRoutingStrategyException', 'DescribeGameSessions');
    await failing(['search-game-sessions', '--fleet-id', fleetNamed('arena-linux-sdk5'), '--filter-expression', 'players > 1'], 'InvalidRequestException', 'SearchGameSessions');
  });

  test('errors reach the CLI with AWS’s code', async () => {
    await assert.rejects(cli('gamelift', 'describe-build', '--endpoint-url', announced.gameliftEndpoint, '--build-id', 'build-missing'), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? '', /An error occurred \(NotFoundException\) when calling the DescribeBuild operation/);
      return true;
    });
  });
});
