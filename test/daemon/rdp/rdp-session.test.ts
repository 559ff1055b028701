// RDP sessions against a real RDP server with NLA: SDK 5 Windows through a forward of port 3389
// over SSM, SDK 4 Windows directly with the password GetInstanceAccess issued (launched through
// xfreerdp with the password on stdin); a wrong password is refused. The session lives as long as
// its client: a client that logs in keeps it active, one that fails ends it with the client's own
// words (secrets redacted) and an empty keychain, one that is closed ends it quietly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, beforeEach, test } from 'node:test';
import { DescribeFleetPortSettingsCommand } from '@aws-sdk/client-gamelift';
import type { EventPayload, Session } from '../../../preload/contract';
import { readFile } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolClipboard } from '../../../main/daemon/rdp/clipboard';
import { exitWithin } from '../../../main/daemon/rdp/client-exit';
import { launchXfreerdp } from '../../../main/daemon/rdp/linux';
import type { LaunchedClient, RdpLaunch } from '../../../main/daemon/rdp/launcher';
import { assertPrivateKeyring } from '../../support/keyring';
import { startRdpServer, type RdpServer } from '../../support/rdp-server';
import { commandLinesWith } from '../../support/processes';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const SDK5_WINDOWS = 'i-0b2e6d3f0c8e40001';
const SDK4_WINDOWS = 'i-0e5b9a6c3f1b70001';

let rdp: RdpServer;
let h: Harness;
const launches: Array<{ launch: RdpLaunch; client: LaunchedClient }> = [];

const onServerScreen = (extraArgs: string[] = []) => ({ extraArgs: ['/sec:nla', ...extraArgs], env: { ...process.env, DISPLAY: rdp.display } });
/** Logs in and exits 0 at once, as a client the user closes does. */
const authOnly = (launch: RdpLaunch) => launchXfreerdp(launch, onServerScreen(['+auth-only']));
/** The real client: logs in, opens its window and stays connected. */
const interactive = (launch: RdpLaunch) => launchXfreerdp(launch, onServerScreen());
/** How the harness's platform launcher starts the client in the current test. */
let launchWith: (launch: RdpLaunch) => Promise<LaunchedClient> = authOnly;

before(async () => {
  assertPrivateKeyring();
  rdp = await startRdpServer();
  h = await startHarness(
    {
      ports: { [SDK5_WINDOWS]: { 3389: { host: rdp.host, port: rdp.port } } },
      sdk4: { windowsPassword: rdp.password, rdpAddress: { host: rdp.host, port: rdp.port } },
    },
    {
      settings: { directEndpoints: { [SDK4_WINDOWS]: { rdp: { host: rdp.host, port: rdp.port, username: rdp.user } } } },
      // The clipboard of the RDP server's screen, through the real xclip (the tool a CLI daemon uses on X11).
      clipboard: toolClipboard('xclip', { ...process.env, DISPLAY: rdp.display }),
      clipboardClearMs: 2000,
      rdpLauncher: async (launch) => {
        const client = await launchWith(launch);
        launches.push({ launch, client });
        return client;
      },
    },
  );
});
beforeEach(() => {
  launchWith = authOnly;
});
after(async () => {
  await h?.close();
  await rdp?.stop();
});

const rules = async () => ((await h.daemon.identity.gamelift().send(new DescribeFleetPortSettingsCommand({ FleetId: FLEETS.sdk4Windows }))).InboundPermissions ?? []).filter((r) => r.FromPort === 3389);
const sessionNamed = async (id: string) => (await h.daemon.api.listSessions({})).sessions.find((s) => s.id === id);
const notificationsFor = (id: string) =>
  h.emitted.filter((e) => e.event === 'notification' && (e.payload as EventPayload<'notification'>).sessionId === id).map((e) => e.payload as EventPayload<'notification'>);
/** The client's window on the server's screen: xfreerdp opens it only once the login succeeded. */
const clientWindowOpen = () => execFileSync('xwininfo', ['-root', '-tree', '-display', rdp.display], { encoding: 'utf8' }).includes('"FreeRDP: ');

/**
 * Opens an SDK 4 RDP session whose client is expected to fail, and returns the ended session and
 * what told the user: a client that fails at once fails the call itself; one that fails after the
 * session went active ends it with an `ended-unexpectedly` notification. Either way the keychain
 * must be empty afterwards.
 */
async function openFailing(): Promise<{ ended: Session; told: string }> {
  const known = new Set((await h.daemon.api.listSessions({})).sessions.map((s) => s.id));
  const opened = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true }).then(
    (session) => ({ session }),
    (error: Error) => ({ error }),
  );
  const ended = await waitFor(
    'the RDP session to end',
    async () => (await h.daemon.api.listSessions({})).sessions.find((s) => !known.has(s.id) && s.kind === 'rdp' && s.state === 'ended'),
    20_000,
  );
  if ('error' in opened) return { ended, told: opened.error.message };
  const note = await waitFor('an ended-unexpectedly notification', () => notificationsFor(ended.id).find((n) => n.kind === 'ended-unexpectedly'));
  return { ended, told: note.body };
}

test('SDK 5 Windows: RDP forwarded over SSM; the login is accepted through the forward, a wrong one refused', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Windows, computeName: SDK5_WINDOWS, launchClient: false });
  assert.equal(session.transport, 'ssm');
  assert.ok(session.localPort);
  const right = await authOnly({ host: '127.0.0.1', port: session.localPort!, username: rdp.user, password: rdp.password });
  assert.equal(await right.exited, 0, rdp.log());
  const wrong = await authOnly({ host: '127.0.0.1', port: session.localPort!, username: rdp.user, password: 'not-the-password' });
  assert.notEqual(await wrong.exited, 0);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 4 Windows: the client logs in with the issued password and the session stays active while it runs; End stops the client, revokes the /32 and wipes the keychain', async () => {
  launchWith = interactive;
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  assert.equal(session.transport, 'direct');
  assert.equal(session.state, 'active');
  const { launch, client } = launches.at(-1)!;
  assert.equal(launch.password, rdp.password);
  await waitFor('the client to log in and open its window', clientWindowOpen, 20_000);
  // Connected well past the time a refused login takes to exit (about a second).
  assert.equal(await exitWithin(client, 3000), undefined, `the client exited: ${client.errorOutput().join(' | ')}`);
  assert.equal((await sessionNamed(session.id))?.state, 'active');
  assert.deepEqual((await rules()).map((r) => r.IpRange), ['127.0.0.1/32']);
  assert.equal((await h.vaultAccounts()).length, 1);

  await h.daemon.api.endSession({ sessionId: session.id });
  assert.notEqual(await exitWithin(client, 5000), undefined, 'ending the session stops its client');
  assert.equal((await sessionNamed(session.id))?.endReason, 'ended by the user');
  assert.deepEqual(notificationsFor(session.id), []);
  assert.deepEqual(await rules(), []);
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 4 Windows: a client that cannot start (no DISPLAY) ends the session with its stderr, and the keychain holds nothing', async () => {
  const { DISPLAY: _display, ...withoutDisplay } = process.env;
  launchWith = (launch) => launchXfreerdp(launch, { extraArgs: ['/sec:nla'], env: withoutDisplay });
  const { ended, told } = await openFailing();
  assert.match(ended.endReason ?? '', /Remote Desktop client \(xfreerdp\) exited with code 1: failed to open display.*DISPLAY environment variable/i);
  assert.ok(told.includes('failed to open display'), told);
  assert.ok(!(ended.endReason ?? '').includes(rdp.password));
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await rules(), []);
});

test('SDK 4 Windows: a refused login ends the session with the client\'s words, no password in them, and the keychain holds nothing', async () => {
  const wrong = `${rdp.password}-wrong`;
  launchWith = (launch) => interactive({ ...launch, password: wrong });
  const { ended, told } = await openFailing();
  assert.match(ended.endReason ?? '', /Remote Desktop client \(xfreerdp\) exited with code \d+: .*freerdp/i);
  for (const text of [ended.endReason ?? '', told, JSON.stringify(h.emitted)]) {
    assert.ok(!text.includes(wrong) && !text.includes(rdp.password), 'no password in the reason, the message or any event');
  }
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 4 Windows: a client that dies while connected ends the session with a notification and wipes the keychain', async () => {
  launchWith = interactive;
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  const { client } = launches.at(-1)!;
  await waitFor('the client to log in and open its window', clientWindowOpen, 20_000);
  client.kill(); // from outside the daemon: as if it crashed
  const ended = await waitFor('the session to end', async () => ((await sessionNamed(session.id))?.state === 'ended' ? sessionNamed(session.id) : undefined), 10_000);
  assert.match(ended!.endReason ?? '', /^the Remote Desktop client \(xfreerdp\) was stopped/);
  const note = await waitFor('an ended-unexpectedly notification', () => notificationsFor(session.id).find((n) => n.kind === 'ended-unexpectedly'));
  assert.ok(note.body.includes('was stopped'), note.body);
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await rules(), []);
});

test('SDK 4 Windows: a client that logs in and is closed (exit 0) ends the session quietly, keychain wiped', async () => {
  launchWith = authOnly;
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  const { client } = launches.at(-1)!;
  assert.equal(await client.exited, 0, `login refused: ${rdp.log()}`);
  const ended = await waitFor('the session to end', async () => ((await sessionNamed(session.id))?.state === 'ended' ? sessionNamed(session.id) : undefined), 10_000);
  assert.equal(ended!.endReason, 'the Remote Desktop client (xfreerdp) was closed');
  assert.deepEqual(notificationsFor(session.id), []);
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await rules(), []);
});

test('RDP to a Linux instance is Unsupported', async () => {
  await assert.rejects(h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' }), (e: Error & { code?: string }) => e.code === 'Unsupported');
});

const clipboardText = () => execFileSync('xclip', ['-selection', 'clipboard', '-out'], { env: { ...process.env, DISPLAY: rdp.display }, encoding: 'utf8' });

test('SDK 4 Windows: the session names its Windows user; copyRdpPassword puts the password on the clipboard (in no event, log line or command line), it logs in, and it is cleared again', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, launchClient: false, openInboundPort: true });
  assert.equal(session.userName, rdp.user);
  const copied = await h.daemon.api.copyRdpPassword({ sessionId: session.id });
  assert.deepEqual(copied, { copied: true, clearsInSeconds: 2 });
  const onClipboard = clipboardText();
  assert.equal(onClipboard, rdp.password);
  assert.deepEqual(commandLinesWith(rdp.password), []);
  // What a user pastes into their own client signs in.
  const client = await authOnly({ host: rdp.host, port: rdp.port, username: session.userName!, password: onClipboard });
  assert.equal(await client.exited, 0, rdp.log());
  await waitFor('the clipboard to be cleared', () => clipboardText() !== rdp.password, 10_000);
  for (const text of [JSON.stringify(h.emitted), await readFile(h.daemon.log.file!, 'utf8')]) assert.ok(!text.includes(rdp.password));
  assert.match(await readFile(h.daemon.log.file!, 'utf8'), /RDP password copied to the clipboard/);
  await h.daemon.api.endSession({ sessionId: session.id });
  await assert.rejects(h.daemon.api.copyRdpPassword({ sessionId: session.id }), (e: Error & { code?: string }) => e.code === 'NotFound');
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('copyRdpPassword: an SDK 5 RDP session (no password from GameLift) and a shell are Unsupported, in words', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Windows, computeName: SDK5_WINDOWS, launchClient: false });
  assert.equal(session.userName, undefined);
  await assert.rejects(h.daemon.api.copyRdpPassword({ sessionId: session.id }), (e: Error & { code?: string }) => e.code === 'Unsupported' && /SDK 4/.test(e.message));
  await h.daemon.api.endSession({ sessionId: session.id });
  const shell = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
  await assert.rejects(h.daemon.api.copyRdpPassword({ sessionId: shell.id }), (e: Error & { code?: string }) => e.code === 'Unsupported');
  await assert.rejects(h.daemon.api.relaunchRdpClient({ sessionId: shell.id }), (e: Error & { code?: string }) => e.code === 'Unsupported');
  await h.daemon.api.endSession({ sessionId: shell.id });
});

test('SDK 4 Windows: relaunchRdpClient starts the client again with the same login; the replaced client no longer ends the session, the new one does', async () => {
  launchWith = interactive;
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  const first = launches.at(-1)!;
  await waitFor('the first client to log in', clientWindowOpen, 20_000);
  const relaunched = await h.daemon.api.relaunchRdpClient({ sessionId: session.id });
  assert.equal(relaunched.state, 'active');
  const second = launches.at(-1)!;
  assert.notEqual(second.client, first.client);
  assert.deepEqual(second.launch, first.launch, 'the same host, port, user and password');
  assert.equal(second.launch.password, rdp.password);
  assert.equal(await exitWithin(second.client, 3000), undefined, `the new client exited: ${second.client.errorOutput().join(' | ')}`);

  first.client.kill(); // the replaced client goes: the session stays
  await first.client.exited;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await sessionNamed(session.id))?.state, 'active');

  second.client.kill(); // the session's client now: its end is the session's
  const ended = await waitFor('the session to end', async () => ((await sessionNamed(session.id))?.state === 'ended' ? sessionNamed(session.id) : undefined), 10_000);
  assert.match(ended!.endReason ?? '', /^the Remote Desktop client \(xfreerdp\) was stopped/);
  assert.ok(notificationsFor(session.id).some((n) => n.kind === 'ended-unexpectedly'));
  assert.deepEqual(await h.vaultAccounts(), []);
  assert.deepEqual(await rules(), []);
  await assert.rejects(h.daemon.api.relaunchRdpClient({ sessionId: session.id }), (e: Error & { code?: string }) => e.code === 'NotFound');
});

test('SDK 4 Windows: ending a session stops the client launched again too', async () => {
  launchWith = interactive;
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true });
  const first = launches.at(-1)!;
  await h.daemon.api.relaunchRdpClient({ sessionId: session.id });
  const second = launches.at(-1)!;
  assert.notEqual(second.client, first.client);
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.notEqual(await exitWithin(second.client, 5000), undefined, 'the relaunched client is stopped');
  assert.notEqual(await exitWithin(first.client, 5000), undefined, 'the first client is stopped');
  assert.equal((await sessionNamed(session.id))?.endReason, 'ended by the user');
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 5 Windows: relaunchRdpClient launches a client on the forward; one that fails at once fails the call and ends the session in its words', async () => {
  const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk5Windows, computeName: SDK5_WINDOWS, launchClient: false });
  const before = launches.length;
  // No login to hand over (SDK 5): NLA refuses the client at once.
  launchWith = (launch) => launchXfreerdp(launch, onServerScreen(['+auth-only']));
  await assert.rejects(h.daemon.api.relaunchRdpClient({ sessionId: session.id }), (e: Error & { code?: string }) => e.code === 'Unreachable' && /Remote Desktop client \(xfreerdp\) exited with code/.test(e.message));
  assert.equal(launches.length, before + 1);
  assert.deepEqual(launches.at(-1)!.launch, { host: '127.0.0.1', port: session.localPort });
  const ended = await waitFor('the session to end', async () => ((await sessionNamed(session.id))?.state === 'ended' ? sessionNamed(session.id) : undefined), 10_000);
  assert.match(ended!.endReason ?? '', /xfreerdp\) exited with code/);
  assert.deepEqual(await h.vaultAccounts(), []);
});

test('SDK 4 Windows with a shared folder: the client is launched with /drive (on no command line a password), the session says where Windows shows it, and a relaunch shares it again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glc-share-'));
  const folder = join(dir, 'crash dumps');
  mkdirSync(folder);
  launchWith = interactive;
  try {
    const session = await h.daemon.api.openRdp({ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: folder, shareName: 'dumps' });
    assert.deepEqual(session.sharedFolder, { localPath: folder, name: 'dumps', remotePath: '\\\\tsclient\\dumps' });
    assert.deepEqual((await sessionNamed(session.id))?.sharedFolder, session.sharedFolder);
    const first = launches.at(-1)!;
    assert.deepEqual(first.launch.share, { path: folder, name: 'dumps' });
    await waitFor('the client to log in and open its window', clientWindowOpen, 20_000);
    const withDrive = commandLinesWith(`/drive:dumps,${folder}`);
    assert.equal(withDrive.length, 1, 'the running client has the drive argument');
    assert.match(withDrive[0]!, /xfreerdp /);
    assert.deepEqual(commandLinesWith(rdp.password), []);

    await h.daemon.api.relaunchRdpClient({ sessionId: session.id });
    const second = launches.at(-1)!;
    assert.notEqual(second.client, first.client);
    assert.deepEqual(second.launch.share, first.launch.share);
    await h.daemon.api.endSession({ sessionId: session.id });
    assert.deepEqual(await h.vaultAccounts(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openRdp with a folder that cannot be shared fails with InvalidInput before any access is issued: no session, no secret, no inbound rule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glc-share-'));
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'x');
  mkdirSync(join(dir, 'a,b'));
  const before = (await h.daemon.api.listSessions({})).sessions.length;
  const launched = launches.length;
  const emittedBefore = h.emitted.length;
  try {
    const cases: Array<[Parameters<typeof h.daemon.api.openRdp>[0], RegExp]> = [
      [{ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: join(dir, 'missing') }, /There is no folder/],
      [{ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: file }, /is a file, not a folder/],
      [{ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: dir, shareName: 'a,b' }, /cannot name a shared folder/],
      [{ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: join(dir, 'a,b') }, /contains a comma/],
      [{ fleetId: FLEETS.sdk4Windows, computeName: SDK4_WINDOWS, openInboundPort: true, shareFolder: dir, launchClient: false }, /none is launched/],
      [{ fleetId: FLEETS.sdk5Windows, computeName: SDK5_WINDOWS, shareFolder: join(dir, 'missing') }, /There is no folder/],
    ];
    for (const [input, message] of cases) {
      await assert.rejects(h.daemon.api.openRdp(input), (e: Error & { code?: string; hint?: string }) => e.code === 'InvalidInput' && message.test(e.message) && Boolean(e.hint), JSON.stringify(input));
    }
    assert.equal((await h.daemon.api.listSessions({})).sessions.length, before, 'no session was even started');
    assert.equal(launches.length, launched);
    assert.deepEqual(h.emitted.slice(emittedBefore).filter((e) => e.event === 'sessionChanged'), []);
    assert.deepEqual(await h.vaultAccounts(), []);
    assert.deepEqual(await rules(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
