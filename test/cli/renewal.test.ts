// A CLI shell and a CLI forward outlive their credentials: the daemon the command runs renews
// access before expiry (GAMELIFT_CONNECT_CREDENTIAL_LIFETIME, the setting docs/daemon.md names),
// and the transport resumes with the renewed credentials while the emulator recycles its
// WebSocket and rejects credentials older than their 2 s lifetime. What proves it is on the
// service's side: the resumes were signed by several access keys, each issued by a renewal.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/index';
import { assertPrivateKeyring } from '../support/keyring';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from '../support/tcp-service';
import { waitFor } from '../support/wait';
import { runCliProcess } from './cli-process';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';
const LIFETIME_SECONDS = 2;
/** Three lifetimes and their resumes, with room for a loaded CI machine. */
const RENEWALS_MS = 60_000;
const SHORT_LIVED = { GAMELIFT_CONNECT_CREDENTIAL_LIFETIME: String(LIFETIME_SECONDS) };

before(() => assertPrivateKeyring());

const shortLivedEmulator = (options: Parameters<typeof startEmulator>[0] = {}) =>
  startEmulator({ ...options, agent: { pacingMs: 0 }, credentialLifetimeMs: LIFETIME_SECONDS * 1000, faults: { agent: { recycleEveryMs: 1500 } } });

/** The access keys that signed the one session's data-channel upgrades (start and resumes). */
function signers(emulator: Emulator): Set<string | null> {
  const [record, ...others] = emulator.sessions.all();
  assert.equal(others.length, 0, 'one session');
  return new Set(record?.upgrades.map((u) => u.signedBy) ?? []);
}

test('shell outlives three credential lifetimes: renewed credentials sign each resume, and the shell still answers', { timeout: 120_000 }, async () => {
  const emulator = await shortLivedEmulator();
  try {
    const run = runCliProcess(emulator, ['shell', FLEET, INSTANCE], SHORT_LIVED);
    await waitFor('the remote prompt', () => /\$ /.test(run.stdout()), 20_000);
    await waitFor('resumes signed with three different issued credentials', () => signers(emulator).size >= 3, RENEWALS_MS);
    assert.ok(!signers(emulator).has(null), 'every upgrade was signed');
    run.child.stdin.write('echo "alive-$((40+2))"\nexit\n');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stdout(), /alive-42/);
  } finally {
    await emulator.close();
  }
});

test('forward outlives three credential lifetimes and still carries traffic', { timeout: 120_000 }, async () => {
  const echo = await startTcpService({ echo: true });
  const emulator = await shortLivedEmulator({ ports: { [INSTANCE]: { 7777: { host: '127.0.0.1', port: echo.port } } } });
  try {
    const run = runCliProcess(emulator, ['forward', FLEET, INSTANCE, '7777', '--json'], SHORT_LIVED);
    await waitFor('the forward to print its port', () => run.stdout().includes('\n'), 20_000);
    const { localPort } = JSON.parse(run.stdout().split('\n')[0]!) as { localPort: number };
    await waitFor('resumes signed with three different issued credentials', () => signers(emulator).size >= 3, RENEWALS_MS);
    const data = randomPayload(256 * 1024);
    assert.equal((await echoRoundTrip(localPort, data)).digest, sha256(data));
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
  } finally {
    await emulator.close();
    await echo.close();
  }
});
