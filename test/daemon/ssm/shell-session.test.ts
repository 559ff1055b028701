// A shell through the native client against the emulator's agent: real pty, real /bin/sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellSession } from '../../../main/daemon/ssm/shell-session';
import type { ShellExit, ShellSession } from '../../../main/daemon/ssm/shell-session';
import { startStandIn, TARGET } from './support/aws-stand-in';

function outputOf(session: ShellSession) {
  let text = '';
  session.on('data', (d) => (text += d.toString('utf8')));
  return {
    get text() { return text; },
    waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const m = pattern.exec(text);
          if (m) return resolve(m[0]);
          if (Date.now() - started > timeoutMs) return reject(new Error(`no ${pattern} in ${JSON.stringify(text.slice(-300))}`));
          setTimeout(check, 10);
        };
        check();
      });
    },
  };
}

test('a shell runs a command, gets its terminal size, and ends cleanly on exit', async () => {
  const aws = await startStandIn();
  try {
    const session = await startShellSession({ ssm: aws.ssm(), target: TARGET, size: { cols: 123, rows: 45 } });
    const out = outputOf(session);
    session.write('echo "answer-$((6*7))"; stty size\n');
    await out.waitFor(/answer-42/);
    await out.waitFor(/45 123/);
    session.resize(100, 30);
    session.write('stty size\n');
    await out.waitFor(/30 100/);
    const exit = new Promise<ShellExit>((resolve) => session.once('exit', resolve));
    session.write('exit\n');
    const ended = await exit;
    assert.equal(ended.by, 'service');
    assert.equal(ended.exitCode, null, 'a plain shell sends no EXIT_CODE');
    assert.equal(session.state, 'closed');
    assert.ok(session.bytesIn > 0 && session.bytesOut > 0);
  } finally {
    await aws.close();
  }
});

test('a KMS-encrypted shell: data key from KMS, challenge answered, traffic encrypted both ways', async () => {
  const aws = await startStandIn({ kms: true });
  try {
    const session = await startShellSession({ ssm: aws.ssm(), kms: aws.kmsClient(), target: TARGET, size: { cols: 80, rows: 24 } });
    const notices: string[] = [];
    session.on('notice', (n) => notices.push(n));
    const ready = new Promise<{ encrypted: boolean; handshake: boolean }>((resolve) => session.once('ready', resolve));
    const out = outputOf(session);
    session.write('echo "secret-$((2*21))"\n');
    await out.waitFor(/secret-42/);
    const info = await ready;
    assert.equal(info.encrypted, true);
    assert.equal(info.handshake, true);
    assert.ok(aws.calls.includes('GenerateDataKey'));
    assert.match(notices.join('\n'), /KMS/);
    const exit = new Promise((resolve) => session.once('exit', resolve));
    session.write('exit\n');
    await exit;
  } finally {
    await aws.close();
  }
});

test('a KMS shell without KMS access fails the handshake with a clear reason', async () => {
  const aws = await startStandIn({ kms: true });
  try {
    const session = await startShellSession({ ssm: aws.ssm(), target: TARGET });
    const exit = await new Promise<ShellExit>((resolve) => session.once('exit', resolve));
    assert.equal(exit.by, 'error');
    assert.match(exit.reason, /handshake failed: the session requires KMS encryption but no KMS client was given/);
  } finally {
    await aws.close();
  }
});
