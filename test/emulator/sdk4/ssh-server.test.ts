// The standalone emulator's SSH for SDK 4 Linux instances: the issued key logs in, a command's
// output arrives to its last byte before its exit status, and another key is refused.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import ssh2 from 'ssh2';
import { startSdk4SshServer, type Sdk4SshServer } from '../../../emulator/sdk4/ssh-server';

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const issued = newKey();
let server: Sdk4SshServer;
before(async () => {
  server = await startSdk4SshServer([issued]);
});
after(() => server?.close());

function connect(privateKey: string): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port: server.port, username: 'gl-user-remote', privateKey });
  });
}

test('exec: every byte of the output, then the exit status', { timeout: 60_000 }, async () => {
  const client = await connect(issued);
  try {
    const { text, code } = await new Promise<{ text: string; code: number }>((resolve, reject) => {
      client.exec('seq 1 50000; echo done-$((6*7)); exit 5', { pty: true }, (err, channel) => {
        if (err) return reject(err);
        let text = '';
        let code = -1;
        channel.on('data', (d: Buffer) => (text += d.toString('latin1')));
        channel.on('exit', (c: number) => (code = c));
        channel.on('close', () => resolve({ text, code }));
      });
    });
    const lines = text.split('\r\n');
    assert.deepEqual(lines.slice(0, 50_000).map(Number), Array.from({ length: 50_000 }, (_, i) => i + 1));
    assert.equal(lines[50_000], 'done-42');
    assert.equal(code, 5);
  } finally {
    client.end();
  }
});

test('a key the fleet did not issue is refused', async () => {
  await assert.rejects(connect(newKey()), /authentication methods failed/);
});

test('exec without a pty: over pipes as OpenSSH runs it, stdout binary clean, stderr apart, input passed through', { timeout: 60_000 }, async () => {
  const client = await connect(issued);
  try {
    const input = Buffer.from(Array.from({ length: 256 * 40 }, (_, i) => i % 256));
    const { out, err, code } = await new Promise<{ out: Buffer; err: string; code: number }>((resolve, reject) => {
      client.exec('cat; echo oops >&2; exit 3', (error, channel) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        let err = '';
        let code = -1;
        channel.on('data', (d: Buffer) => chunks.push(d));
        channel.stderr.on('data', (d: Buffer) => (err += d.toString()));
        channel.on('exit', (c: number) => (code = c));
        channel.on('close', () => resolve({ out: Buffer.concat(chunks), err, code }));
        channel.end(input);
      });
    });
    assert.deepEqual(out, input, 'every byte value, CR and LF untouched');
    assert.equal(err, 'oops\n');
    assert.equal(code, 3);
  } finally {
    client.end();
  }
});
