// `gamelift-connect login` as a real child process against the emulated IAM Identity Center: the
// device code on stderr, approved as a user would, exit 0 and the AWS CLI's cache written; then the
// same profile lists fleets through the sign-in. Errors: an unknown sso-session, bad usage, Ctrl-C.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { assertPrivateKeyring } from '../../support/keyring';
import { spawn } from 'node:child_process';
import { cliInvocation, runCliProcess, type CliRun } from '../cli-process';

let emu: Emulator;
let root: string;
let env: Record<string, string>;

before(async () => {
  assertPrivateKeyring();
  emu = await startEmulator();
  root = await mkdtemp(join(tmpdir(), 'gc-login-'));
  const config = join(root, 'config');
  await writeFile(config, `[profile dev]\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = GameLiftAdmin\nregion = ${emu.region}\n\n[sso-session studio]\nsso_start_url = ${emu.identityCenter.directory.spec.startUrl}\nsso_region = ${emu.identityCenter.directory.spec.region}\n`);
  env = {
    HOME: root,
    AWS_CONFIG_FILE: config,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_ENDPOINT_URL_SSO_OIDC: emu.ssoOidcEndpoint,
    AWS_ENDPOINT_URL_SSO: emu.ssoEndpoint,
  };
});
after(async () => {
  await emu?.close();
  await rm(root, { recursive: true, force: true });
});

const waitForOutput = async (run: CliRun, pattern: RegExp): Promise<RegExpMatchArray> => {
  const end = Date.now() + 30_000;
  for (;;) {
    const m = run.stderr().match(pattern);
    if (m) return m;
    if (Date.now() > end) throw new Error(`no ${pattern} in stderr: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('before any sign-in, a command as the SSO profile fails at once with SignInNeeded and says how to sign in', async () => {
  const run = runCliProcess(emu, ['--profile', 'dev', 'fleets'], { ...env, HOME: await mkdtemp(join(root, 'empty-home-')) });
  assert.equal(await run.exit, 1);
  assert.match(run.stderr(), /Sign in to sso-session studio \(account 111122223333\)/);
  assert.match(run.stderr(), /gamelift-connect login --sso-session studio/);
});

test('login --use-device-code --no-browser: prints the URL and code, exits 0 once approved, and the profile then works', async () => {
  const run = runCliProcess(emu, ['--profile', 'dev', 'login', '--use-device-code', '--no-browser'], env);
  const [, code] = await waitForOutput(run, /enter the code:\n\n {2}(\S+)\n/);
  assert.match(run.stderr(), new RegExp(`open:\\n\\n  ${emu.ssoOidcEndpoint.replace(/[.]/g, '\\.')}/device\\n`));
  assert.equal(emu.identityCenter.approveDevice(code!, 'developer'), true);
  assert.equal(await run.exit, 0, run.stderr());
  assert.match(run.stdout(), /^Signed in to sso-session studio until \d{4}-\d\d-\d\dT/);
  const cache = JSON.parse(await readFile(join(root, '.aws', 'sso', 'cache', `${createHash('sha1').update('studio').digest('hex')}.json`), 'utf8')) as Record<string, string>;
  assert.ok(cache.accessToken && cache.clientSecret);
  // No sso_registration_scopes: the device registration asks for none, so (as in AWS) there is no refresh token.
  assert.equal(cache.refreshToken, undefined);
  for (const secret of [cache.accessToken, cache.clientSecret]) {
    assert.ok(!run.stdout().includes(secret!) && !run.stderr().includes(secret!), 'no token on the terminal');
  }
  // The signed-in profile (no keys in the environment) lists the fleets.
  const fleets = runCliProcess(emu, ['--profile', 'dev', 'fleets'], env);
  assert.equal(await fleets.exit, 0, fleets.stderr());
  assert.match(fleets.stdout(), /fleet-2a9c6e1d-0001/);
});

test('login: an unknown sso-session is NotFound with a hint (exit 1); a positional is a usage error (exit 2)', async () => {
  const unknown = runCliProcess(emu, ['login', '--sso-session', 'nope', '--no-browser'], env);
  assert.equal(await unknown.exit, 1);
  assert.match(unknown.stderr(), /no sso-session named nope/);
  const usage = runCliProcess(emu, ['login', 'extra'], env);
  assert.equal(await usage.exit, 2);
});

test('login: Ctrl-C cancels the sign-in and exits 130', async () => {
  const run = runCliProcess(emu, ['--profile', 'dev', 'login', '--no-browser'], env);
  await waitForOutput(run, /Waiting for the sign-in/);
  assert.match(run.stderr(), /http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=.*code_challenge_method=S256/);
  run.child.kill('SIGINT');
  assert.equal(await run.exit, 130, run.stderr());
  assert.match(run.stderr(), /Sign-in cancelled\./);
});

test('through a running daemon: a waiting command says which sign-in it waits for, and login from another terminal resumes it', { timeout: 120_000 }, async () => {
  const home = await mkdtemp(join(root, 'daemon-home-'));
  const runtime = await mkdtemp(join(root, 'run-'));
  const base = cliInvocation(emu, []);
  const daemonEnv = { ...base.env, ...env, HOME: home, GAMELIFT_CONNECT_RUNTIME_DIR: runtime };
  /** A command with no identity flags: it talks to the running daemon. */
  const client = (...args: string[]): CliRun => {
    const child = spawn(process.execPath, [base.argv[0]!, ...args], { env: daemonEnv, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    return { child, stdout: () => out, stderr: () => err, exit: new Promise((resolve) => child.once('close', (code) => resolve(code))) };
  };
  const daemon = spawn(process.execPath, [...base.argv, '--profile', 'dev', 'daemon'], { env: daemonEnv, stdio: 'pipe' });
  let daemonOut = '';
  daemon.stdout.on('data', (d: Buffer) => (daemonOut += d.toString()));
  daemon.stderr.on('data', (d: Buffer) => (daemonOut += d.toString()));
  try {
    const end = Date.now() + 30_000;
    while (!daemonOut.includes('"port"')) {
      if (Date.now() > end || daemon.exitCode !== null) throw new Error(`the daemon did not start: ${daemonOut}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const fleets = client('fleets');
    await waitForOutput(fleets, /Waiting for a sign-in to sso-session studio \(account 111122223333\): sign in from the window, or run "gamelift-connect login --sso-session studio"/);
    const login = client('login', '--sso-session', 'studio', '--use-device-code', '--no-browser');
    const [, code] = await waitForOutput(login, /enter the code:\n\n {2}(\S+)\n/);
    emu.identityCenter.approveDevice(code!, 'developer');
    assert.equal(await login.exit, 0, login.stderr());
    assert.equal(await fleets.exit, 0, fleets.stderr());
    assert.match(fleets.stdout(), /fleet-2a9c6e1d-0001/);
  } finally {
    daemon.kill('SIGTERM');
    if (daemon.exitCode === null) await new Promise((resolve) => daemon.once('exit', resolve));
  }
});
