// The device-code flow's timing against the emulated IAM Identity Center: it polls no faster than
// the interval it was given (no slow_down from a service that enforces it), slows down by 5 s when
// told to (a service enforcing a longer interval than it announced: the emulator at half speed),
// and an unapproved code that expires ends the sign-in as expired (the emulator 60× faster).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon } from '../../../../main/daemon/daemon';
import { DaemonError } from '../../../../main/daemon/errors';
import { memoryKeychain } from '../../../../main/daemon/web/memory-keychain';
import { readRegistration, registrationCacheKey, writeRegistration } from '../../../../main/daemon/identity/sso/token-cache';
import { startEmulator, type Emulator } from '../../../../emulator/index';
import { rememberEnv } from '../../../support/process-env';
import { waitFor } from '../../../support/wait';

const restoreEnv = rememberEnv('HOME', 'AWS_CONFIG_FILE');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  restoreEnv();
});

type Progress = { signInId: string; state: string; at: number };

/** An emulator at `timeScale`, a config naming its Identity Center, and a daemon signing in to it. */
async function setup(timeScale: number): Promise<{ emu: Emulator; daemon: Daemon; progress: Progress[] }> {
  const emu = await startEmulator({ timeScale });
  const root = await mkdtemp(join(tmpdir(), 'gc-device-'));
  process.env.HOME = root;
  process.env.AWS_CONFIG_FILE = join(root, 'config');
  await writeFile(process.env.AWS_CONFIG_FILE, `[sso-session studio]\nsso_start_url = ${emu.identityCenter.directory.spec.startUrl}\nsso_region = ${emu.identityCenter.directory.spec.region}\n`);
  const daemon = await Daemon.start({
    dataDir: join(root, 'data'),
    region: emu.region,
    endpoints: { ssooidc: emu.ssoOidcEndpoint, sso: emu.ssoEndpoint },
    keychain: memoryKeychain(),
    watchEvents: false,
    openExternal: async () => true,
  });
  const progress: Progress[] = [];
  daemon.events.subscribe((event, payload) => {
    if (event === 'signInProgress') progress.push({ ...(payload as Omit<Progress, 'at'>), at: Date.now() });
  });
  cleanups.push(async () => {
    await daemon.stop();
    await emu.close();
    await rm(root, { recursive: true, force: true });
  });
  return { emu, daemon, progress };
}

describe('device-code sign-in timing', () => {
  it('polls at the interval it was given: approved after a few polls, never told to slow down', async () => {
    const { emu, daemon, progress } = await setup(1);
    emu.setFaults({ sso: { deviceIntervalSeconds: 1 } });
    const start = await daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true });
    await new Promise((r) => setTimeout(r, 3500)); // three polls or so, all pending
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    const done = await daemon.api.awaitSignIn({ signInId: start.signInId });
    assert.ok(done.expiresAt > Date.now());
    assert.deepEqual(progress.map((p) => p.state), ['waiting', 'succeeded']);
  });

  it('slows down by 5 s when the service says slow_down, and still signs in', async () => {
    // At half speed the emulator enforces 2 real seconds between polls while announcing 1.
    const { emu, daemon, progress } = await setup(0.5);
    emu.setFaults({ sso: { deviceIntervalSeconds: 1 } });
    const start = await daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true });
    await waitFor('a slow-down', () => progress.some((p) => p.state === 'slow-down'), 15_000);
    const slowedAt = progress.find((p) => p.state === 'slow-down')!.at;
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    await daemon.api.awaitSignIn({ signInId: start.signInId });
    const succeededAt = progress.find((p) => p.state === 'succeeded')!.at;
    assert.ok(succeededAt - slowedAt >= 5500, `the next poll came ${succeededAt - slowedAt} ms after slow_down, expected ≥ 6 s`);
    assert.equal(progress.filter((p) => p.state === 'slow-down').length, 1, 'one slow_down was enough');
  });

  it('a cached registration IAM Identity Center no longer knows is dropped: the next start registers anew', async () => {
    const { emu, daemon } = await setup(1);
    const key = registrationCacheKey({ startUrl: emu.identityCenter.directory.spec.startUrl, region: emu.identityCenter.directory.spec.region, scopes: null, sessionName: 'studio' });
    await writeRegistration(key, { clientId: 'forgotten-client', clientSecret: 'forgotten-secret', expiresAt: Date.now() + 30 * 86_400_000 });
    await assert.rejects(daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true }), (err: DaemonError) => err.code === 'NoCredentials' && /registration/.test(err.message));
    assert.equal(await readRegistration(key), undefined, 'the refused registration is gone');
    const start = await daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true });
    emu.identityCenter.approveDevice(start.userCode!, 'developer');
    await daemon.api.awaitSignIn({ signInId: start.signInId });
    assert.notEqual((await readRegistration(key))?.clientId, 'forgotten-client');
  });

  it('an unapproved code that expires ends the sign-in as expired', async () => {
    // 60× faster: the 10-minute device code lasts 10 real seconds.
    const { daemon, progress } = await setup(60);
    const start = await daemon.api.startSignIn({ ssoSession: 'studio', useDeviceCode: true });
    await assert.rejects(daemon.api.awaitSignIn({ signInId: start.signInId }), (err: DaemonError) => err.code === 'NoCredentials' && /expired/.test(err.message));
    await waitFor('the expired progress event', () => progress.some((p) => p.state === 'expired'), 30_000);
    assert.equal((await daemon.api.ssoStatus({})).signIns[0]?.state, 'needs-sign-in');
  });
});
