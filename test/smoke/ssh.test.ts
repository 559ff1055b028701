// Smoke test of the real OpenSSH server the SSH transport tests rely on: ssh2 runs a command
// with the RSA key held only in memory, and the server refuses a key it does not know.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import ssh2, { type ConnectConfig } from 'ssh2'; // CommonJS: named value imports fail under Node's ESM loader
import { startSshd, type Sshd } from '../support/sshd';

let sshd: Sshd;
before(async () => {
  sshd = await startSshd();
});
after(() => sshd?.stop());

interface CommandResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

function exec(config: ConnectConfig, command: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('error', reject);
    client.once('ready', () => {
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
        channel.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
        channel.on('exit', (exitCode: number | null) => (code = exitCode));
        channel.on('close', () => {
          client.end();
          resolve({ stdout, stderr, code });
        });
      });
    });
    client.connect(config);
  });
}

function connectConfig(privateKey: string): ConnectConfig {
  const expectedHostKey = Buffer.from(sshd.hostKeyPublic.split(' ')[1] ?? '', 'base64');
  return {
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    privateKey,
    hostVerifier: (key: Buffer) => key.equals(expectedHostKey),
    readyTimeout: 10_000,
  };
}

test('runs a command with the in-memory RSA key and reports output and exit code', async () => {
  assert.match(sshd.privateKeyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  const result = await exec(connectConfig(sshd.privateKeyPem), 'echo "hello $(id -un)"; echo oops >&2; exit 3');
  assert.deepEqual(result, { stdout: `hello ${sshd.user}\n`, stderr: 'oops\n', code: 3 }, sshd.log());
});

test('refuses a key the server does not know', async () => {
  const { privateKey: strangerKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  await assert.rejects(exec(connectConfig(strangerKey), 'true'), (error: Error & { level?: string }) => {
    assert.equal(error.level, 'client-authentication', error.message);
    return true;
  });
});
