// SSM sessions through the daemon on the emulator: SDK 5 shells (host and container), a shell kept
// alive across three credential lifetimes while the service recycles its WebSocket, and a forward
// with several connections. Secrets sit in the real keychain only while a session lives.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, afterEach, before, test } from 'node:test';
import { Session } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { startTcpService, type TcpService } from '../../support/tcp-service';
import { FLEETS, startHarness, type Harness } from '../harness';
import { waitFor } from '../../support/wait';

/** A login shell on a loaded 2-core CI machine can take seconds to print its first line. */
const SHELL_OUTPUT_MS = 20_000;
const LINUX = 'i-0a1f5c2e9b7d30001';
const LIFETIME_MS = 2000;

let echo: TcpService;
let h: Harness;
before(async () => {
  assertPrivateKeyring();
  echo = await startTcpService({ echo: true });
  h = await startHarness(
    { credentialLifetimeMs: LIFETIME_MS, ports: { [LINUX]: { 7777: { host: '127.0.0.1', port: echo.port } } } },
    { settings: { credentialLifetimeMs: LIFETIME_MS } },
  );
});
// A test that fails half-way must not leave its session (and its secret) to the next one.
afterEach(async () => {
  for (const session of (await h.daemon.api.listSessions({})).sessions) {
    if (session.state !== 'ended') await h.daemon.api.endSession({ sessionId: session.id });
  }
});
after(async () => {
  await h?.close();
  await echo?.close();
});

const type = (id: string, text: string) => h.daemon.api.writeTerminal({ sessionId: id, data: Buffer.from(text).toString('base64') });

test('an SDK 5 shell over SSM: host shell on the compute, credentials in the keychain only while it lives', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  Session.parse(session);
  assert.equal(session.transport, 'ssm');
  assert.equal((await h.vaultAccounts()).length, 1);
  await type(session.id, 'echo "$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_TARGET:$((6*7))"\n');
  await waitFor('shell output', () => h.output(session.id).includes(`host:${LINUX}:42`), SHELL_OUTPUT_MS);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.equal(h.daemon.registry.get(session.id).state, 'ended');
  assert.equal(h.daemon.registry.get(session.id).endedBy, 'user');
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('a shell survives three credential lifetimes while the WebSocket is recycled every 1.5 s', async () => {
  h.emulator.setFaults({ agent: { recycleEveryMs: 1500 } });
  try {
    const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
    await new Promise((r) => setTimeout(r, LIFETIME_MS * 3 + 500));
    const states = h.emitted.filter((e) => e.event === 'sessionChanged' && (e.payload as Session).id === session.id).map((e) => (e.payload as Session).state);
    assert.ok(states.filter((s) => s === 'renewing').length >= 3, states.join(' → '));
    assert.ok(states.includes('reconnecting'), `the recycle shows as reconnecting: ${states.join(' → ')}`);
    await type(session.id, 'echo alive-$((40+2))\n');
    await waitFor('output after renewals and resumes', () => h.output(session.id).includes('alive-42'), 10_000);
    assert.notEqual(h.daemon.registry.get(session.id).state, 'ended');
    await h.daemon.api.endSession({ sessionId: session.id });
    assert.deepEqual(await h.vaultAccounts(), []);
  } finally {
    h.emulator.setFaults({ agent: {} });
  }
});

test('a container compute: the game-server container by default, entered from the host shell', async () => {
  const { targets } = await h.daemon.api.listTargets({ fleetId: FLEETS.containers });
  const compute = targets[0]!;
  const runtimeId = compute.containers![0]!.containerRuntimeId!;
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.containers, computeName: compute.computeName });
  assert.equal(session.target.shellIn, 'container');
  // The daemon types the docker exec into the host shell; the emulated host runs it into the container.
  await waitFor('the docker exec echoed', () => h.output(session.id).includes(`sudo docker exec -it ${runtimeId} sh`));
  await waitFor('the container prompt', () => h.output(session.id).includes(`${runtimeId.slice(0, 12)}:/local/game# `));
  await type(session.id, 'echo "in:$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_COMPUTE_NAME:$((2*21))"\n');
  await waitFor('the container shell answers', () => h.output(session.id).includes(`in:container:${compute.computeName}:42`));
  // Leaving the container returns to the host shell.
  await type(session.id, 'exit\n');
  await type(session.id, 'echo "then:$GAMELIFT_EMULATOR_SHELL"\n');
  await waitFor('the host shell again', () => h.output(session.id).includes('then:host'));
  await h.daemon.api.endSession({ sessionId: session.id });
  const host = await h.daemon.api.openShell({ fleetId: FLEETS.containers, computeName: compute.computeName, shellIn: 'host' });
  assert.equal(host.target.shellIn, 'host');
  await type(host.id, 'echo "on:$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_TARGET"\n');
  await waitFor('host shell output', () => h.output(host.id).includes(`on:host:${compute.instanceId}`), SHELL_OUTPUT_MS);
  await h.daemon.api.endSession({ sessionId: host.id });
});

test('a forward carries several connections to the instance port, and closes its listener at the end', async () => {
  const session = await h.daemon.api.openForward({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, remotePort: 7777 });
  assert.equal(session.kind, 'forward');
  const port = session.localPort!;
  const roundTrip = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      socket.once('data', (d) => {
        resolve(d.toString());
        socket.end();
      });
      socket.once('error', reject);
    });
  assert.deepEqual(await Promise.all([roundTrip('one'), roundTrip('two'), roundTrip('three')]), ['one', 'two', 'three']);
  await h.daemon.api.endSession({ sessionId: session.id });
  await assert.rejects(roundTrip('after'), /ECONNREFUSED/);
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('typing exit ends an SSM shell as finished, not as an unexpected end', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  await type(session.id, 'exit\n');
  await waitFor('the session to end', () => h.daemon.registry.get(session.id).state === 'ended');
  assert.equal(h.daemon.registry.get(session.id).endedBy, 'remote');
  const alarms = h.emitted.filter((e) => e.event === 'notification' && (e.payload as { kind: string; sessionId?: string }).sessionId === session.id);
  assert.deepEqual(alarms, []);
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('a session keeps renewing under the identity it started with after the user switches Region', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  await h.daemon.api.setIdentity({ profile: null, region: 'eu-west-1' });
  try {
    const renewed = await h.daemon.api.renewSession({ sessionId: session.id });
    assert.equal(renewed.state, 'active');
    assert.ok((renewed.expiresAt ?? 0) > (session.expiresAt ?? 0));
    await type(session.id, 'echo switched-$((3*3))\n');
    await waitFor('output after the switch', () => h.output(session.id).includes('switched-9'), SHELL_OUTPUT_MS);
  } finally {
    await h.daemon.api.setIdentity({ profile: null, region: h.emulator.region });
    await h.daemon.api.endSession({ sessionId: session.id });
  }
});

test('while AWS refuses renewals the session says it is expiring, and says renewed once it recovers', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  const notes = () => h.emitted.filter((e) => e.event === 'notification' && (e.payload as { sessionId?: string }).sessionId === session.id).map((e) => (e.payload as { kind: string }).kind);
  h.emulator.setFaults({ accessRateLimit: { burst: 0, perSecond: 0 } });
  try {
    await waitFor('an expiring notification', () => notes().includes('expiring'), 20_000);
    assert.notEqual(h.daemon.registry.get(session.id).state, 'ended', 'the shell stays up meanwhile');
  } finally {
    h.emulator.setFaults({ accessRateLimit: { burst: 4, perSecond: 1 } });
  }
  await waitFor('a renewed notification', () => notes().includes('renewed'), 20_000);
  await type(session.id, 'echo recovered-$((5+5))\n');
  await waitFor('the shell still answers', () => h.output(session.id).includes('recovered-10'));
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('a taken local port is PortInUse, and nothing is left behind', async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(
      h.daemon.api.openForward({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, remotePort: 7777, localPort: port }),
      (e: Error & { code?: string }) => e.code === 'PortInUse',
    );
    const failed = (await h.daemon.api.listSessions({})).sessions.filter((s) => s.kind === 'forward' && s.localPort === undefined && s.state === 'ended').at(-1);
    assert.equal(failed?.endedBy, 'failure');
    assert.deepEqual(await h.vaultAccounts(), []);
  } finally {
    blocker.close();
  }
});

test('Anywhere fleets answer NoRemoteAccess with the reason', async () => {
  const { targets } = await h.daemon.api.listTargets({ fleetId: FLEETS.anywhere });
  await assert.rejects(
    h.daemon.api.openShell({ fleetId: FLEETS.anywhere, computeName: targets[0]!.computeName }),
    (e: Error & { code?: string; hint?: string }) => e.code === 'NoRemoteAccess' && /Anywhere/.test(e.hint ?? ''),
  );
});

test('credentials that die sooner than configured: AWS\'s refusal at resume renews at once, and later lifetimes shrink', async () => {
  // The daemon believes in 10 s, the service honours 1.5 s, and recycles the WebSocket every second.
  const fresh = await startHarness(
    { credentialLifetimeMs: 1500, faults: { agent: { recycleEveryMs: 1000 } } },
    { settings: { credentialLifetimeMs: 10_000 } },
  );
  try {
    const session = await fresh.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
    assert.equal(session.expiresAt! - session.startedAt >= 9000, true);
    await new Promise((r) => setTimeout(r, 4000));
    const now = fresh.daemon.registry.get(session.id);
    assert.notEqual(now.state, 'ended', now.endReason);
    await fresh.daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo learned-$((7*6))\n').toString('base64') });
    await waitFor('output after early expiries', () => fresh.output(session.id).includes('learned-42'), 10_000);
    const after = fresh.daemon.registry.get(session.id);
    assert.ok(after.expiresAt! - Date.now() < 5000, `the lifetime was learned (expires in ${after.expiresAt! - Date.now()} ms)`);
    await fresh.daemon.api.endSession({ sessionId: session.id });
  } finally {
    await fresh.close();
  }
});

test('an SSM shell starts at the size the caller gave, with no resize', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, cols: 132, rows: 43 });
  await type(session.id, 'stty size\n');
  await waitFor('the pty size', () => /43 132/.test(h.output(session.id)), SHELL_OUTPUT_MS);
  await h.daemon.api.endSession({ sessionId: session.id });
});

test('a forward whose remote port refuses says so: counted on the session, one notification, the forward goes on', async () => {
  // Nothing listens on 7778 on the compute: the agent answers each connection with ConnectToPortError.
  const session = await h.daemon.api.openForward({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, remotePort: 7778 });
  const knock = () =>
    new Promise<void>((resolve) => {
      const socket = connect(session.localPort!, '127.0.0.1', () => socket.write('hello?'));
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
  await knock();
  const first = await waitFor('the refusal on the session', () => h.daemon.registry.get(session.id).refused ?? null, 10_000);
  assert.equal(first.count, 1);
  await knock();
  await waitFor('the second refusal', () => (h.daemon.registry.get(session.id).refused?.count ?? 0) === 2, 10_000);
  assert.equal(h.daemon.registry.get(session.id).state, 'active', 'the forward goes on');
  const notes = h.emitted.filter((e) => e.event === 'notification' && (e.payload as { sessionId?: string }).sessionId === session.id).map((e) => e.payload as { kind: string; title: string });
  assert.deepEqual(notes.map((n) => n.kind), ['info'], 'said once');
  assert.match(notes[0]!.title, /7778/);
  await h.daemon.api.endSession({ sessionId: session.id });
});
