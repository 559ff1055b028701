// A pty shell over ssh2 on a real OpenSSH server, with the key held in memory only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { noEvents } from '../../../main/daemon/transport/connection';
import { openSshShell, sha256Fingerprint } from '../../../main/daemon/ssh/ssh-shell';
import { startSshd, type Sshd } from '../../support/sshd';

let sshd: Sshd;
before(async () => {
  sshd = await startSshd();
});
after(() => sshd?.stop());

test('runs a command in a pty and reports the host key fingerprint and exit status', async () => {
  let output = '';
  let bytesIn = 0;
  let bytesOut = 0;
  const ended = new Promise<{ reason: string; code?: number }>((resolve) => {
    void openSshShell(
      { host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKeyPem.replace(/\n/g, '\\n') },
      {
        ...noEvents,
        data: (chunk) => (output += chunk.toString()),
        bytes: (i, o) => {
          bytesIn += i;
          bytesOut += o;
        },
        ended: (reason, { exitCode }) => resolve({ reason, ...(exitCode !== undefined ? { code: exitCode } : {}) }),
      },
    ).then(({ connection, hostKeyFingerprint }) => {
      const expected = sha256Fingerprint(Buffer.from(sshd.hostKeyPublic.split(' ')[1]!, 'base64'));
      assert.equal(hostKeyFingerprint, expected);
      connection.write!(Buffer.from('test -t 0 && echo "tty:$((6*7))"; exit 3\n'));
    });
  });
  const { code } = await ended;
  assert.equal(code, 3);
  assert.match(output, /tty:42/);
  assert.ok(bytesIn > 0 && bytesOut > 0);
});

test('a key the server does not know is AccessDenied', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  await assert.rejects(openSshShell({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey: other }, noEvents), (err: Error & { code?: string }) => err.code === 'AccessDenied');
});
