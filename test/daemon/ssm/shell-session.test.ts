// Shells through the native client against the emulator: a real pty and /bin/sh behind its agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellSession } from '../../../main/daemon/ssm/shell-session';
import type { ShellExit, ShellSession } from '../../../main/daemon/ssm/shell-session';
import type { SessionReady } from '../../../main/daemon/ssm/data-channel';
import { startCompute, TARGET } from './support/emulated-compute';
import { waitFor } from '../../support/wait';

function outputOf(session: ShellSession) {
  let text = '';
  session.on('data', (d) => (text += d.toString('utf8')));
  return {
    waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (pattern.test(text)) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error(`no ${pattern} in ${JSON.stringify(text.slice(-300))}`));
          setTimeout(check, 10);
        };
        check();
      });
    },
  };
}

const exitOf = (session: ShellSession) => new Promise<ShellExit>((resolve) => session.once('exit', resolve));

test('a plain shell (no handshake) runs commands, follows the terminal size, and ends cleanly on exit', async () => {
  const compute = await startCompute();
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET, size: { cols: 123, rows: 45 } });
    const ready = new Promise<SessionReady>((resolve) => session.once('ready', resolve));
    const out = outputOf(session);
    session.write('echo "answer-$((6*7))"; stty size\n'); // typed before the session type is known: held, not lost
    await out.waitFor(/answer-42/);
    await out.waitFor(/45 123/);
    assert.equal((await ready).handshake, false);
    session.resize(100, 30);
    session.write('stty size\n');
    await out.waitFor(/30 100/);
    const exit = exitOf(session);
    session.write('exit\n');
    const ended = await exit;
    assert.equal(ended.by, 'service');
    assert.equal(ended.exitCode, null, 'a plain shell sends no EXIT_CODE');
    assert.equal(session.state, 'closed');
    assert.ok(session.bytesIn > 0 && session.bytesOut > 0);
  } finally {
    await compute.close();
  }
});

test('a KMS-encrypted shell: data key from KMS, challenge answered, traffic encrypted both ways', async () => {
  const compute = await startCompute({ kms: true });
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), kms: await compute.kms(), target: TARGET, size: { cols: 80, rows: 24 } });
    const notices: string[] = [];
    session.on('notice', (n) => notices.push(n));
    const ready = new Promise<SessionReady>((resolve) => session.once('ready', resolve));
    const out = outputOf(session);
    session.write('echo "secret-$((2*21))"\n');
    await out.waitFor(/secret-42/);
    const info = await ready;
    assert.equal(info.encrypted, true);
    assert.equal(info.handshake, true);
    assert.match(notices.join('\n'), /encrypted using AWS KMS/);
    const exit = exitOf(session);
    session.write('exit\n');
    assert.equal((await exit).by, 'service');
  } finally {
    await compute.close();
  }
});

test('a KMS shell without KMS access ends with the handshake failure as its reason', async () => {
  const compute = await startCompute({ kms: true });
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET });
    const exit = await exitOf(session);
    assert.equal(exit.by, 'error');
    assert.match(exit.reason, /handshake failed: the session requires KMS encryption but no KMS client was given/);
  } finally {
    await compute.close();
  }
});

test('terminate() ends the session on the service side', async () => {
  const compute = await startCompute();
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET });
    await session.terminate();
    assert.equal(session.exited?.by, 'user');
    await waitFor('the service to end the session', () => /^Terminat/.test(String(compute.emulator.agent.status(session.sessionId))));
  } finally {
    await compute.close();
  }
});

test('NonInteractiveCommands with separate streams: stdout, stderr and the EXIT_CODE as the exit status', async () => {
  const compute = await startCompute({ nonInteractiveCommands: { separateOutputStream: true } });
  try {
    const session = await startShellSession({
      ssm: await compute.ssm(),
      target: TARGET,
      documentName: 'AWS-StartNonInteractiveCommand',
      parameters: { command: ['echo to-stdout; echo to-stderr >&2; exit 3'] },
    });
    let stdout = '';
    let stderr = '';
    session.on('data', (d) => (stdout += d.toString()));
    session.on('stderr', (d) => (stderr += d.toString()));
    const exit = await exitOf(session);
    assert.match(stdout, /to-stdout/);
    assert.doesNotMatch(stdout, /to-stderr/);
    assert.match(stderr, /to-stderr/);
    assert.equal(exit.exitCode, 3);
    assert.equal(exit.by, 'service');
  } finally {
    await compute.close();
  }
});

test('an interactive command that prints nothing until it reads input still gets the input', async () => {
  const compute = await startCompute();
  try {
    const session = await startShellSession({
      ssm: await compute.ssm(),
      target: TARGET,
      documentName: 'AWS-StartInteractiveCommand',
      parameters: { command: ["sh -c 'read line; echo got-$line'"] },
    });
    const out = outputOf(session);
    session.write('hello\n');
    await out.waitFor(/got-hello/, 15_000);
    await exitOf(session);
  } finally {
    await compute.close();
  }
});

test('a consumer that reports a full backlog (setOutputBacklog) stops the session reading; it all arrives once the backlog drains', async () => {
  const compute = await startCompute();
  try {
    const session = await startShellSession({ ssm: await compute.ssm(), target: TARGET, size: { cols: 80, rows: 24 } });
    const out = outputOf(session);
    session.write('echo "ready-$((6*7))"\n');
    await out.waitFor(/ready-42/);
    let backlog = 64 * 1024 * 1024; // e.g. a terminal that has stopped reading
    session.setOutputBacklog(() => backlog);
    const before = session.bytesIn;
    session.write('echo "held-$((2*3))"\n');
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(session.bytesIn, before, 'nothing is taken from the agent while the consumer is full');
    backlog = 0;
    session.outputDrained();
    await out.waitFor(/held-6/);
    session.write('exit\n');
    await exitOf(session);
  } finally {
    await compute.close();
  }
});
