// An SDK 4 Linux shell end to end: GetInstanceAccess through the emulator, the key in the real
// keychain only while the session lives, the fleet's SSH port opened for 127.0.0.1/32 on request
// and revoked at the end, a pty shell on a real sshd, and renewal across three credential lifetimes.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { DescribeFleetPortSettingsCommand } from '@aws-sdk/client-gamelift';
import { Session } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startSdk4Harness, type Harness } from '../harness';
import { waitFor } from '../../support/wait';

/** A login shell on a loaded 2-core CI machine can take seconds to print its first line. */
const SHELL_OUTPUT_MS = 20_000;
const INSTANCE = 'i-0d4a8f5b2e0a60001';
const LIFETIME_MS = 2000;

let h: Harness;
before(async () => {
  assertPrivateKeyring();
  h = await startSdk4Harness(INSTANCE, { settings: { credentialLifetimeMs: LIFETIME_MS } });
});
// A test that fails half-way must not leave its session (and its secret) to the next one.
afterEach(async () => {
  for (const session of (await h.daemon.api.listSessions({})).sessions) {
    if (session.state !== 'ended') await h.daemon.api.endSession({ sessionId: session.id });
  }
});
after(async () => {
  await h?.close();
});

const sshRules = async () =>
  ((await h.daemon.identity.gamelift().send(new DescribeFleetPortSettingsCommand({ FleetId: FLEETS.sdk4Linux }))).InboundPermissions ?? []).filter((r) => r.FromPort === 22);

test('a closed SSH port is PortClosed unless the caller allows opening it', async () => {
  await assert.rejects(h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE }), (e: Error & { code?: string }) => e.code === 'PortClosed');
  assert.deepEqual(await h.vaultAccounts(), [], 'a failed start leaves no secret');
});

test('shell: port opened for /32, key in the keychain while it lives, all undone at the end', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true });
  Session.parse(session);
  assert.equal(session.state, 'active');
  assert.equal(session.transport, 'ssh');
  assert.match(session.hostKeyFingerprint ?? '', /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.deepEqual((await sshRules()).map((r) => r.IpRange), ['127.0.0.1/32']);
  assert.equal((await h.vaultAccounts()).length, 1);

  await h.daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo "sum:$((20+22))"\n').toString('base64') });
  await waitFor('shell output', () => h.output(session.id).includes('sum:42'), SHELL_OUTPUT_MS);
  const backlog = Buffer.from((await h.daemon.api.readTerminalBacklog({ sessionId: session.id })).data, 'base64').toString();
  assert.match(backlog, /sum:42/);

  assert.deepEqual(await h.daemon.api.endSession({ sessionId: session.id }), { ended: true });
  const ended = h.daemon.registry.get(session.id);
  assert.equal(ended.state, 'ended');
  assert.equal(ended.endReason, 'ended by the user');
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await sshRules(), [], 'exactly the rule we opened is revoked');
});

test('a shell stays alive across three credential lifetimes, renewing each time', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true });
  const firstKey = (await h.vaultAccounts())[0];
  await new Promise((r) => setTimeout(r, LIFETIME_MS * 3 + 500));
  const states = h.emitted
    .filter((e) => e.event === 'sessionChanged' && (e.payload as Session).id === session.id)
    .map((e) => (e.payload as Session).state);
  const renewals = states.filter((s) => s === 'renewing').length;
  assert.ok(renewals >= 3, `renewed ${renewals} times: ${states.join(' → ')}`);
  // Between renewals (one may be under way right now).
  const now = await waitFor('the session to be active', () => {
    const s = h.daemon.registry.get(session.id);
    return s.state === 'active' ? s : null;
  });
  assert.ok((now.expiresAt ?? 0) > Date.now(), 'expiry moved forward');
  // One secret at a time (two only for the instant a renewal swaps them), and not the first one.
  // Polled gently: listings racing a renewal's deletes are what gnome-keyring handles worst.
  const keys = await waitFor('a single secret', async () => {
    const k = await h.vaultAccounts();
    return k.length === 1 ? k : null;
  }, 10_000, 250);
  assert.notEqual(keys[0], firstKey, 'the secret was replaced');

  await h.daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('echo still-$((1+1))\n').toString('base64') });
  await waitFor('shell output after renewals', () => h.output(session.id).includes('still-2'), SHELL_OUTPUT_MS);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('a remote exit ends the session with its exit code and wipes the key', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true });
  await h.daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('exit 7\n').toString('base64') });
  const ended = await waitFor('the session to end', () => {
    const s = h.daemon.registry.get(session.id);
    return s.state === 'ended' ? s : null;
  });
  assert.equal(ended.exitCode, 7);
  assert.ok(!h.emitted.some((e) => e.event === 'notification' && (e.payload as { sessionId?: string }).sessionId === session.id), 'an exit is no alarm');
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await sshRules(), []);
});

test('a shell starts at the size the caller gave: the first prompt fits its terminal', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: INSTANCE, openInboundPort: true, cols: 132, rows: 43 });
  await h.daemon.api.writeTerminal({ sessionId: session.id, data: Buffer.from('stty size\n').toString('base64') });
  await waitFor('the pty size', () => /43 132/.test(h.output(session.id)), SHELL_OUTPUT_MS);
  await h.daemon.api.endSession({ sessionId: session.id });
});
