// A shell whose GameLift access is still good keeps running while the IAM Identity Center sign-in
// behind the daemon's identity has ended: its renewal waits in the sign-in-needed state (no
// failure, no end, no "could not be renewed" notification), the shell still answers, and one
// sign-in lets the renewal finish. The emulator runs 60× faster so the SSO role's credentials
// (60 minutes, the shortest a permission set allows) last one real minute: every renewal has to
// ask IAM Identity Center again, as it would after an hour.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../../../../preload/contract';
import { Daemon } from '../../../../main/daemon/daemon';
import { memoryKeychain } from '../../../../main/daemon/web/memory-keychain';
import { startEmulator, type Emulator } from '../../../../emulator/index';
import { rememberEnv } from '../../../support/process-env';
import { waitFor } from '../../../support/wait';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const COMPUTE = 'i-0a1f5c2e9b7d30001';

let emu: Emulator;
let daemon: Daemon;
let root: string;
const restoreEnv = rememberEnv('HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE');
const emitted: { event: string; payload: unknown }[] = [];

const output = (sessionId: string): string =>
  emitted
    .filter((e) => e.event === 'terminalData' && (e.payload as { sessionId: string }).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as { data: string }).data, 'base64').toString())
    .join('');
const states = (sessionId: string): string[] =>
  emitted.filter((e) => e.event === 'sessionChanged' && (e.payload as Session).id === sessionId).map((e) => (e.payload as Session).state);

async function signIn(): Promise<void> {
  const start = await daemon.api.startSignIn({ useDeviceCode: true });
  emu.identityCenter.approveDevice(start.userCode!, 'developer');
  await daemon.api.awaitSignIn({ signInId: start.signInId });
}

before(async () => {
  // Emulated minutes are real seconds: GameLift's access and the idle timeout last an hour of emulated time, one real minute.
  emu = await startEmulator({ timeScale: 60, credentialLifetimeMs: 60 * 60_000, sessionManager: { idleTimeoutMs: 60 * 60_000 } });
  root = await mkdtemp(join(tmpdir(), 'gc-sso-session-'));
  process.env.HOME = root;
  process.env.AWS_CONFIG_FILE = join(root, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(root, 'no-credentials');
  await writeFile(process.env.AWS_CONFIG_FILE, `[profile dev]\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = GameLiftAdmin\n\n[sso-session studio]\nsso_start_url = ${emu.identityCenter.directory.spec.startUrl}\nsso_region = ${emu.identityCenter.directory.spec.region}\nsso_registration_scopes = sso:account:access\n`);
  daemon = await Daemon.start({
    dataDir: join(root, 'data'),
    profile: 'dev',
    region: emu.region,
    endpoints: { gamelift: emu.gameliftEndpoint, ssm: emu.ssmEndpoint, kms: emu.kmsEndpoint, ssooidc: emu.ssoOidcEndpoint, sso: emu.ssoEndpoint },
    keychain: memoryKeychain(),
    watchEvents: false,
    signInWaitMs: 60_000,
    // Renewals every ~2.4 s, well inside the emulated access's real minute.
    settings: { credentialLifetimeMs: 3000 },
    openExternal: async () => true,
  });
  daemon.events.subscribe((event, payload) => emitted.push({ event, payload }));
});

after(async () => {
  await daemon?.stop();
  await emu?.close();
  restoreEnv();
  await rm(root, { recursive: true, force: true });
});

it('a shell keeps running while its renewal waits for a sign-in, and one sign-in lets it renew', async () => {
  await signIn();
  const session = await daemon.api.openShell({ fleetId: FLEET, computeName: COMPUTE });
  await daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo before-$((40+2))\n').toString('base64') });
  await waitFor('shell output', () => output(session.id).includes('before-42'), 30_000);

  // The sign-in ends (access and refresh tokens refused): the next renewal needs a new one.
  emu.setFaults({ sso: { endSignInsNow: true } });
  await waitFor('the renewal waiting for a sign-in', () => emitted.some((e) => e.event === 'signInNeeded'), 30_000);
  assert.equal(daemon.registry.get(session.id).state, 'renewing');
  const needed = emitted.find((e) => e.event === 'signInNeeded')?.payload as { accountId?: string; ssoSession: string };
  assert.equal(needed.ssoSession, 'studio');
  assert.equal(needed.accountId, '111122223333');

  // Well past the session's own 3 s lifetime: still up, still answering, nothing ended or failed.
  await new Promise((r) => setTimeout(r, 4000));
  await daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo during-$((40+3))\n').toString('base64') });
  await waitFor('shell output while the sign-in is pending', () => output(session.id).includes('during-43'), 30_000);
  assert.equal(daemon.registry.get(session.id).state, 'renewing');
  assert.ok(!states(session.id).includes('ended'));
  assert.deepEqual(emitted.filter((e) => e.event === 'notification' && (e.payload as { kind: string }).kind === 'expiring'), [], 'no "could not be renewed" while waiting');

  const renewedBefore = states(session.id).length;
  await signIn();
  await waitFor('the renewal to finish', () => states(session.id).slice(renewedBefore).includes('active'), 30_000);
  const signedIn = emitted.filter((e) => e.event === 'signedIn').at(-1)?.payload as { resumed: number };
  assert.ok(signedIn.resumed >= 1, 'the waiting renewal was resumed');
  await daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo after-$((40+4))\n').toString('base64') });
  await waitFor('shell output after the sign-in', () => output(session.id).includes('after-44'), 30_000);
  assert.ok(!states(session.id).includes('ended'));
  await daemon.api.endSession({ sessionId: session.id });
});
