import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeSessionsCommand,
  ResumeSessionCommand,
  StartSessionCommand,
  TerminateSessionCommand,
  type SessionFilterKey,
} from '@aws-sdk/client-ssm';
import { startEmulator, type Emulator } from '../../emulator/index';
import { computeCredentials, failure, RecordingAgent, ssm, type Creds } from './emulator-fixture';

let emu: Emulator<RecordingAgent>;
let linux: Creds;

before(async () => {
  emu = await startEmulator({
    agent: new RecordingAgent(),
    faults: { accessRateLimit: { burst: 1000, perSecond: 1000 } },
    ports: { 'i-0a1f5c2e9b7d30001': { 7777: { host: '127.0.0.1', port: 47777 } } },
  });
  linux = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
});
after(() => emu.close());

const lastSpec = () => emu.agent.specs.at(-1)!;

describe('StartSession', () => {
  test('opens a shell on the compute the credentials were issued for', async () => {
    const out = await ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001', Reason: 'debugging' }));
    assert.match(out.SessionId!, /^i-0a1f5c2e9b7d30001-[0-9a-f]{8}-[0-9a-f]{17}$/);
    assert.ok(out.TokenValue);
    const url = new URL(out.StreamUrl!);
    assert.equal(`${url.origin}${url.pathname}`, `ws://127.0.0.1:9/v1/data-channel/${out.SessionId}`);
    assert.equal(url.searchParams.get('role'), 'publish_subscribe');
    // A base64 cell number, like AWS's, with the characters a query must encode.
    assert.match(url.searchParams.get('cell-number')!, /^(?=.*\+)(?=.*\/)[A-Za-z0-9+/]{43}=$/);
    assert.match(out.StreamUrl!, /cell-number=[^&]*%2B/, 'percent-encoded in the URL');
    const spec = lastSpec();
    assert.equal(spec.sessionId, out.SessionId);
    assert.equal(spec.documentName, undefined);
    assert.equal(spec.os, 'linux');
    assert.equal(spec.shell.env.GAMELIFT_EMULATOR_SHELL, 'host');
    assert.equal(spec.agentVersion, '3.3.808.0');
    assert.equal(spec.idleTimeoutMs, 20 * 60 * 1000);
    assert.match(spec.kms!.keyId, /^arn:aws:kms:us-west-2:444455556666:key\//);
  });

  test('the instance’s ports resolve to loopback unless mapped', async () => {
    await ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001', DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['7777'] } }));
    const spec = lastSpec();
    assert.deepEqual(spec.resolvePort(7777), { host: '127.0.0.1', port: 47777 });
    assert.deepEqual(spec.resolvePort(3389), { host: '127.0.0.1', port: 3389 });
    assert.deepEqual(spec.resolvePort(7777, 'localhost'), { host: '127.0.0.1', port: 47777 });
    assert.deepEqual(spec.resolvePort(5432, 'db.internal'), { host: 'db.internal', port: 5432 });
  });

  test('a container compute’s credentials open the host shell, as its host’s do; docker there knows the host’s containers', async () => {
    const container = await computeCredentials(emu, 'arena-containers', 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001');
    await ssm(emu, container).send(new StartSessionCommand({ Target: 'i-0c3f7e4a1d9f50001' }));
    const fromCompute = lastSpec();
    const host = await computeCredentials(emu, 'arena-containers', 'i-0c3f7e4a1d9f50001');
    await ssm(emu, host).send(new StartSessionCommand({ Target: 'i-0c3f7e4a1d9f50001' }));
    const fromHost = lastSpec();
    assert.equal(fromCompute.os, 'linux');
    assert.equal(fromCompute.shell.env.GAMELIFT_EMULATOR_SHELL, 'host');
    assert.equal(fromCompute.shell.env.USER, 'ssm-user');
    assert.deepEqual(fromCompute.shell, fromHost.shell);
    // sudo and docker shims first on PATH; every container of the host's two computes, plus the
    // per-instance group's support container, with the environment `docker exec` gives it.
    assert.match(fromCompute.shell.env.PATH!, /\/emulator\/host-tools:/);
    const lines = fromCompute.shell.env.GAMELIFT_EMULATOR_CONTAINERS!.split('\n');
    assert.deepEqual(lines.map((l) => l.split('\t')[6]!.replace(/-[0-9a-f]{20}$/, '')), [
      'ecs-arena-game-server-1-game-server',
      'ecs-arena-game-server-1-metrics-sidecar',
      'ecs-arena-game-server-1-game-server',
      'ecs-arena-game-server-1-metrics-sidecar',
      'ecs-arena-per-instance-1-support',
    ]);
    assert.equal(lines[0]!.split('\t')[0], '9bb6955310c7cd2025a14bc6375b3b44b45a1412e413f6a42c1cbfea062470cd');
    assert.match(lines[0]!.split('\t')[7]!, /GAMELIFT_EMULATOR_SHELL='container' .*GAMELIFT_COMPUTE_NAME='a1c3e5f7b9d24e6fa1c3e5f7b9d20001'$/);
    // Then what `docker logs` shows: timestamped lines joined by a backslash-n.
    assert.match(lines[0]!.split('\t')[8]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z GameServer starting .*\\n.*ProcessReady/);
    // An EC2 fleet's host has neither.
    await ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' }));
    const linuxShell = lastSpec().shell;
    assert.equal(linuxShell.env.PATH, undefined);
    assert.equal(linuxShell.env.GAMELIFT_EMULATOR_CONTAINERS, undefined);
  });

  test('a Windows instance gets a Windows session', async () => {
    const windows = await computeCredentials(emu, 'arena-windows-sdk5', 'i-0b2e6d3f0c8e40001');
    await ssm(emu, windows).send(new StartSessionCommand({ Target: 'i-0b2e6d3f0c8e40001', DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['3389'], localPortNumber: ['0'] } }));
    assert.equal(lastSpec().os, 'windows');
    assert.match(lastSpec().shell.env.PS1!, /^PS C:/);
  });

  test('the account’s own credentials may not start sessions on fleet instances', async () => {
    const error = await failure(ssm(emu, emu.credentials).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' })));
    assert.equal(error.name, 'AccessDeniedException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.match(error.message, /user\/gamelift-connect-developer is not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:us-west-2:111122223333:instance\/i-0a1f5c2e9b7d30001/);
  });

  test('credentials for one compute may not open another', async () => {
    const error = await failure(ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30002' })));
    assert.equal(error.name, 'AccessDeniedException');
    assert.match(error.message, /assumed-role\/GameLiftRemoteAccessRole\/.* is not authorized to perform: ssm:StartSession/);
  });

  test('only the compute’s location Region reaches it: elsewhere the target is not connected', async () => {
    const error = await failure(ssm(emu, linux, 'us-east-1').send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' })));
    assert.equal(error.name, 'TargetNotConnected');
    assert.equal(error.message, 'i-0a1f5c2e9b7d30001 is not connected.');
    const remote = await computeCredentials(emu, 'arena-global', 'i-0f6cab7d4a2c80003');
    await ssm(emu, remote, 'us-east-1').send(new StartSessionCommand({ Target: 'i-0f6cab7d4a2c80003' }));
    assert.match(lastSpec().kms!.keyId, /^arn:aws:kms:us-east-1:/);
    assert.equal((await failure(ssm(emu, remote).send(new StartSessionCommand({ Target: 'i-0f6cab7d4a2c80003' })))).name, 'TargetNotConnected');
  });

  test('a Region outside the account’s footprint fails the signature scope check', async () => {
    const error = await failure(ssm(emu, linux, 'ap-south-1').send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' })));
    assert.equal(error.name, 'InvalidSignatureException');
  });

  test('a pending instance is not connected yet', async () => {
    const pending = await computeCredentials(emu, 'arena-next-activating', 'i-0a7dbc8e5b3d90001');
    const error = await failure(ssm(emu, pending).send(new StartSessionCommand({ Target: 'i-0a7dbc8e5b3d90001' })));
    assert.equal(error.name, 'TargetNotConnected');
  });

  test('validates documents and their parameters', async () => {
    const client = ssm(emu, linux);
    const start = (DocumentName: string, Parameters?: Record<string, string[]>) => client.send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001', DocumentName, ...(Parameters ? { Parameters } : {}) }));
    assert.equal((await failure(start('AWS-NoSuchDocument'))).name, 'InvalidDocument');
    assert.equal((await failure(start('AWS-StartPortForwardingSession', { portNumber: ['70000'] }))).name, 'InvalidParameters');
    assert.equal((await failure(start('AWS-StartPortForwardingSession', { portNumber: ['22'], color: ['blue'] }))).name, 'InvalidParameters');
    assert.match((await failure(start('AWS-StartPortForwardingSessionToRemoteHost', { portNumber: ['22'] }))).message, /required: host/);
    assert.equal((await failure(start('AWS-StartInteractiveCommand'))).name, 'InvalidParameters');
    assert.equal((await failure(start('x'))).name, 'ValidationException');
    await start('AWS-StartInteractiveCommand', { command: ['uname -a'] });
    assert.deepEqual(lastSpec().parameters, { command: ['uname -a'] });
    await start('AWS-StartPortForwardingSessionToRemoteHost', { host: ['db.internal'], portNumber: ['5432'], localPortNumber: ['0'] });
    assert.equal(lastSpec().documentName, 'AWS-StartPortForwardingSessionToRemoteHost');
  });
});

describe('credential lifetime', () => {
  test('expired credentials are refused with ExpiredTokenException (400)', async () => {
    emu.setFaults({ credentialLifetimeMs: 150 });
    try {
      const shortLived = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30002');
      await ssm(emu, shortLived).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30002' }));
      await sleep(200);
      const error = await failure(ssm(emu, shortLived).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30002' })));
      assert.equal(error.name, 'ExpiredTokenException');
      assert.equal(error.$metadata?.httpStatusCode, 400);
      assert.equal(error.message, 'The security token included in the request is expired');
    } finally {
      emu.setFaults({ credentialLifetimeMs: 15 * 60 * 1000 });
    }
  });

  test('the expire-now knob kills every credential issued so far, not later ones', async () => {
    const before = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30002');
    emu.setFaults({ expireCredentialsNow: true });
    assert.equal((await failure(ssm(emu, before).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30002' })))).name, 'ExpiredTokenException');
    const fresh = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30002');
    await ssm(emu, fresh).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30002' }));
    linux = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
  });

  test('the time scale shortens emulated lifetimes: an hour at 36,000× is 100 ms', async () => {
    const fast = await startEmulator({ agent: new RecordingAgent(), timeScale: 36_000, credentialLifetimeMs: 60 * 60 * 1000 });
    try {
      const creds = await computeCredentials(fast, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
      await ssm(fast, creds).send(new DescribeSessionsCommand({ State: 'Active' }));
      await sleep(150);
      assert.equal((await failure(ssm(fast, creds).send(new DescribeSessionsCommand({ State: 'Active' })))).name, 'ExpiredTokenException');
    } finally {
      await fast.close();
    }
  });

  test('a tampered session token is UnrecognizedClientException', async () => {
    const error = await failure(ssm(emu, { ...linux, sessionToken: `${linux.sessionToken}x` }).send(new DescribeSessionsCommand({ State: 'Active' })));
    assert.equal(error.name, 'UnrecognizedClientException');
  });
});

describe('ResumeSession, TerminateSession, DescribeSessions', () => {
  test('resume issues a new token; after terminate the session moves to History and cannot resume', async () => {
    const client = ssm(emu, linux);
    const { SessionId } = await client.send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' }));
    const resumed = await client.send(new ResumeSessionCommand({ SessionId }));
    assert.ok(resumed.TokenValue);
    assert.ok(resumed.StreamUrl);
    await client.send(new TerminateSessionCommand({ SessionId }));
    assert.equal((await client.send(new ResumeSessionCommand({ SessionId }))).TokenValue, '');
    const history = await client.send(new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: SessionId! }] }));
    assert.equal(history.Sessions?.[0]?.Status, 'Terminated');
    assert.ok(history.Sessions?.[0]?.EndDate instanceof Date);
    const active = await client.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: SessionId! }] }));
    assert.deepEqual(active.Sessions, []);
  });

  test('refreshed credentials for the same compute can resume its session', async () => {
    const { SessionId } = await ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' }));
    const renewed = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
    assert.ok((await ssm(emu, renewed).send(new ResumeSessionCommand({ SessionId }))).TokenValue);
  });

  test('an unknown session cannot be resumed; terminating it is a no-op', async () => {
    const client = ssm(emu, linux);
    const error = await failure(client.send(new ResumeSessionCommand({ SessionId: 'nobody-0123456789abcdef0' })));
    assert.equal(error.name, 'DoesNotExistException');
    assert.equal((await client.send(new TerminateSessionCommand({ SessionId: 'nobody-0123456789abcdef0' }))).SessionId, 'nobody-0123456789abcdef0');
  });

  test('another compute’s credentials may not resume or terminate a session', async () => {
    const { SessionId } = await ssm(emu, linux).send(new StartSessionCommand({ Target: 'i-0a1f5c2e9b7d30001' }));
    const other = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30002');
    assert.equal((await failure(ssm(emu, other).send(new ResumeSessionCommand({ SessionId })))).name, 'AccessDeniedException');
    assert.equal((await failure(ssm(emu, other).send(new TerminateSessionCommand({ SessionId })))).name, 'AccessDeniedException');
  });

  test('DescribeSessions filters by target and pages with MaxResults', async () => {
    const client = ssm(emu, linux);
    const filters = [{ key: 'Target' as const, value: 'i-0a1f5c2e9b7d30001' }];
    const all = await client.send(new DescribeSessionsCommand({ State: 'Active', Filters: filters, MaxResults: 200 }));
    assert.ok(all.Sessions!.length >= 3);
    assert.ok(all.Sessions!.every((s) => s.Target === 'i-0a1f5c2e9b7d30001' && s.Status === 'Connected' && s.Owner?.includes('assumed-role')));
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new DescribeSessionsCommand({ State: 'Active', Filters: filters, MaxResults: 1, ...(NextToken ? { NextToken } : {}) }));
      assert.ok(page.Sessions!.length <= 1);
      seen.push(...page.Sessions!.map((s) => s.SessionId!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, all.Sessions!.map((s) => s.SessionId));
  });

  test('only sessions of the caller’s account and Region are visible', async () => {
    const mine = await ssm(emu, emu.credentials).send(new DescribeSessionsCommand({ State: 'Active' }));
    assert.deepEqual(mine.Sessions, []);
    const east = await ssm(emu, linux, 'us-east-1').send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Target', value: 'i-0a1f5c2e9b7d30001' }] }));
    assert.deepEqual(east.Sessions, []);
  });

  test('bad tokens, filter keys and MaxResults are refused with SSM’s errors', async () => {
    const client = ssm(emu, linux);
    assert.equal((await failure(client.send(new DescribeSessionsCommand({ State: 'Active', NextToken: 'garbage' })))).name, 'InvalidNextToken');
    assert.equal((await failure(client.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Color' as SessionFilterKey, value: 'x' }] })))).name, 'InvalidFilterKey');
    assert.equal((await failure(client.send(new DescribeSessionsCommand({ State: 'Active', MaxResults: 201 })))).name, 'ValidationException');
  });
});
