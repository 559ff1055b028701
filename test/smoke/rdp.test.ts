// Smoke test of the real RDP server the RDP forward tests rely on: xfreerdp authenticates with
// NLA using the right password and is refused with a wrong one. The product never puts the
// password on a command line: it uses /from-stdin:force, proven here too (see docs/testing.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startRdpServer, type RdpServer } from '../support/rdp-server';

let rdp: RdpServer;
let clientHome: string;
before(async () => {
  rdp = await startRdpServer();
  clientHome = await mkdtemp(join(tmpdir(), 'glc-xfreerdp-'));
});
after(async () => {
  await rdp?.stop();
  if (clientHome) await rm(clientHome, { recursive: true, force: true });
});

interface AuthResult {
  code: number | null;
  output: string;
}

/** xfreerdp in +auth-only mode: exits 0 once NLA succeeds, without opening a session. */
function authOnly(credentialArgs: string[], stdin = ''): Promise<AuthResult> {
  return new Promise((resolve, reject) => {
    const args = [`/v:${rdp.host}:${rdp.port}`, `/u:${rdp.user}`, ...credentialArgs, '/sec:nla', '+auth-only', '/cert:ignore'];
    // HOME: xfreerdp writes its config and known-hosts there.
    const child = spawn('xfreerdp', args, { env: { ...process.env, DISPLAY: rdp.display, HOME: clientHome } });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (output += data.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(stdin);
  });
}

// The only place a password goes on a command line: this test server's random throw-away one.
test('authenticates with the right password (/p:)', async () => {
  const result = await authOnly([`/p:${rdp.password}`]);
  assert.equal(result.code, 0, `${result.output}\nserver:\n${rdp.log()}`);
});

test('is refused with a wrong password (/p:)', async () => {
  const result = await authOnly(['/p:not-the-password']);
  assert.notEqual(result.code, 0, result.output);
  assert.match(result.output, /Authentication only, exit status 1|ERRCONNECT/);
});

test('reads the password from stdin with /from-stdin:force, as the product does', async () => {
  const right = await authOnly(['/from-stdin:force'], `${rdp.password}\n`);
  assert.equal(right.code, 0, right.output);
  const wrong = await authOnly(['/from-stdin:force'], 'not-the-password\n');
  assert.notEqual(wrong.code, 0, wrong.output);
});
