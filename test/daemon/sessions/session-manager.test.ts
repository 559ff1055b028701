// A session's end racing its renewal or its opening, made deterministic with real gates: an AWS
// call held at an HTTP pass-through in front of the emulator, or a secret held on its way into
// the real keychain (a private gnome-keyring). Whichever moment the end comes, endSession resolves
// only when the keychain holds nothing of the session, nothing of it is written afterwards, and
// whatever its opener built (a Session Manager session, an inbound rule) is undone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeFleetPortSettingsCommand, GameLiftClient } from '@aws-sdk/client-gamelift';
import { Daemon } from '../../../main/daemon/daemon';
import { listAccounts, osKeychain } from '../../../main/daemon/vault/keychain';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { startHttpGate } from '../../support/http-gate';
import { assertPrivateKeyring, gatedKeychain, uniqueKeyringService } from '../../support/keyring';
import { startSshd, type Sshd } from '../../support/sshd';
import { FLEETS } from '../harness';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTANCE = 'i-0d4a8f5b2e0a60001';
/** How long an end may take before we conclude it is (rightly) waiting for the held write. */
const PATIENCE_MS = 1500;

let sshd: Sshd;
let emulator: Emulator;
let accessGate: Awaited<ReturnType<typeof startHttpGate>>;
let ssmGate: Awaited<ReturnType<typeof startHttpGate>>;
let keychain: ReturnType<typeof gatedKeychain>;
let service: string;
let daemon: Daemon;

before(async () => {
  assertPrivateKeyring();
  sshd = await startSshd();
  emulator = await startEmulator({ sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, sshAddress: { host: sshd.host, port: sshd.port } } });
  accessGate = await startHttpGate(emulator.gameliftEndpoint);
  ssmGate = await startHttpGate(emulator.ssmEndpoint);
  service = uniqueKeyringService('session-end');
  keychain = gatedKeychain(osKeychain(service));
  daemon = await Daemon.start({
    dataDir: await mkdtemp(join(tmpdir(), 'glc-daemon-')),
    keychainService: service,
    keychain: keychain.keychain,
    sandbox: {
      region: emulator.region,
      endpoints: { gamelift: accessGate.url, ssm: ssmGate.url, kms: emulator.kmsEndpoint },
      credentials: emulator.credentials,
    },
    settings: {
      clientAddress: '127.0.0.1',
      directEndpoints: { [INSTANCE]: { ssh: { host: sshd.host, port: sshd.port, username: sshd.user } } },
    },
  });
});
after(async () => {
  await daemon?.stop();
  await accessGate?.close();
  await ssmGate?.close();
  await emulator?.close();
  await sshd?.stop();
});

const vaultAccounts = () => listAccounts(service);
const openShell = () => daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true });

/** Resolves true if `p` settles within PATIENCE_MS. */
const settlesSoon = (p: Promise<unknown>) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), PATIENCE_MS))]);

test('a renewal whose secret is being written when the session ends: endSession waits, then nothing is left', async () => {
  const session = await openShell();
  assert.equal((await vaultAccounts()).length, 1);
  const held = keychain.holdNextSet();
  const renewing = daemon.api.renewSession({ sessionId: session.id });
  renewing.catch(() => {});
  await held.entered; // the renewal's new secret is on its way into the keychain
  const ending = daemon.api.endSession({ sessionId: session.id });
  // Before the fix endSession resolved at once, and the renewal's secret landed in the keychain after it.
  const resolvedEarly = await settlesSoon(ending);
  held.release(); // before asserting: a failure must not leave the teardown waiting on the gate
  assert.equal(resolvedEarly, false, 'endSession resolved while the renewal was still writing a secret');
  assert.deepEqual(await ending, { ended: true });
  const mark = keychain.mark();
  assert.deepEqual(await vaultAccounts(), [], 'the keychain holds nothing of the session once endSession resolves');
  await renewing.catch(() => {});
  assert.deepEqual(keychain.setsAfter(mark), [], 'nothing was written after the end');
  assert.deepEqual(await vaultAccounts(), []);
  assert.equal(daemon.registry.get(session.id).state, 'ended');
});

test('a renewal whose access call is under way when the session ends stores nothing', async () => {
  const session = await openShell();
  const held = accessGate.holdNext((req) => req.headers['x-amz-target'] === 'GameLift.GetInstanceAccess');
  const renewing = daemon.api.renewSession({ sessionId: session.id });
  renewing.catch(() => {});
  await held.entered; // GetInstanceAccess has been sent, its answer not yet back
  let mark: number;
  try {
    assert.deepEqual(await daemon.api.endSession({ sessionId: session.id }), { ended: true });
    mark = keychain.mark();
    assert.deepEqual(await vaultAccounts(), []);
  } finally {
    held.release();
  }
  assert.equal((await renewing).state, 'ended', 'the renewal reports the session ended');
  // Before the fix the renewal put the issued key into the keychain after the end (and removed it again).
  assert.deepEqual(keychain.setsAfter(mark), [], 'no secret of the ended session was written');
  assert.deepEqual(await vaultAccounts(), []);
});

test('a renewal asked for once the end has begun is refused', async () => {
  const session = await openShell();
  const mark = keychain.mark();
  const ending = daemon.api.endSession({ sessionId: session.id });
  await assert.rejects(daemon.api.renewSession({ sessionId: session.id }), (e: Error & { code?: string }) => e.code === 'NotFound');
  await ending;
  assert.deepEqual(await vaultAccounts(), []);
  // Before the fix such a renewal issued access and stored it for the ending session.
  assert.deepEqual(keychain.setsAfter(mark), []);
});

test('a session ended while its Session Manager channel is being opened: the end waits, then terminates what the opener built', async () => {
  const before = new Set(emulator.sessions.all().map((r) => r.sessionId));
  const held = ssmGate.holdNext((req) => req.headers['x-amz-target'] === 'AmazonSSM.StartSession');
  // Access issued and in the keychain; StartSession sent, not yet answered.
  await endWhileOpening(daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: SDK5_INSTANCE }), held);
  const started = emulator.sessions.all().filter((r) => !before.has(r.sessionId));
  assert.equal(started.length, 1, 'the held StartSession went through');
  // Before the fix the channel the opener finished building after the end was never closed.
  assert.equal(emulator.sessions.isActive(started[0]!), false, 'the Session Manager session was terminated');
  assert.notEqual(started[0]!.endDate, undefined, 'by TerminateSession');
  assert.deepEqual(await vaultAccounts(), []);
});

test('a session ended while its inbound rule is being opened: the end waits, then revokes the rule', async () => {
  const held = accessGate.holdNext((req) => req.headers['x-amz-target'] === 'GameLift.UpdateFleetPortSettings');
  await endWhileOpening(openShell(), held); // the /32 rule is on its way in
  // Before the fix the release of a rule opened after the end was registered too late to run.
  const rules = await fleetRules(FLEETS.sdk4Linux);
  assert.deepEqual(rules.filter((r) => r.IpRange === '127.0.0.1/32' && r.FromPort === 22), [], 'the rule was revoked');
  assert.deepEqual(await vaultAccounts(), []);
});

const SDK5_INSTANCE = 'i-0a1f5c2e9b7d30001';

/**
 * Ends the one session still starting while `held` holds its opener's AWS call, and checks that
 * the end waits for the opener (then releases it) and that the open fails as ended.
 */
async function endWhileOpening(opening: Promise<unknown>, held: { entered: Promise<void>; release(): void }): Promise<void> {
  opening.catch(() => {});
  await held.entered;
  const ending = daemon.api.endSession({ sessionId: await startingSessionId() });
  const resolvedEarly = await settlesSoon(ending);
  held.release();
  assert.equal(resolvedEarly, false, 'endSession resolved while the opener was still building');
  assert.deepEqual(await ending, { ended: true });
  await assert.rejects(opening, /ended while it was starting/);
}

/** The one session still starting (the test's own). */
async function startingSessionId(): Promise<string> {
  const starting = (await daemon.api.listSessions({})).sessions.filter((s) => s.state === 'starting');
  assert.equal(starting.length, 1);
  return starting[0]!.id;
}

async function fleetRules(fleetId: string) {
  const gamelift = new GameLiftClient({ region: emulator.region, endpoint: emulator.gameliftEndpoint, credentials: emulator.credentials });
  try {
    return (await gamelift.send(new DescribeFleetPortSettingsCommand({ FleetId: fleetId }))).InboundPermissions ?? [];
  } finally {
    gamelift.destroy();
  }
}
