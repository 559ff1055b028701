// ResumeSession can move a session (docs/reference/ssm-data-channel.md §17, plugin 1.2.835.0): with
// the emulator's moveStreamOnResume knob every ResumeSession issues a new StreamUrl and the old
// ones are refused, so a client that reconnects to StartSession's URL loses the session. Two
// dropped sockets in a row, a port forward and a shell, nothing lost either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { startShellSession } from '../../../main/daemon/ssm/shell-session';
import type { AgentFaults } from '../../../emulator/agent/faults';
import { REMOTE_PORT, startCompute, TARGET } from './support/emulated-compute';
import type { EmulatedCompute } from './support/emulated-compute';
import { echoRoundTrip, randomPayload, sha256, startTcpService } from '../../support/tcp-service';

const MiB = 1024 * 1024;

/** Arms a socket drop now and again after the first reconnect: two resumes, each onto a new cell. */
function dropTwice(compute: EmulatedCompute, session: { sessionId: string; on(event: 'state', listener: (state: string) => void): unknown }, bytes: number) {
  const states: string[] = [];
  const drop = (how: 'kill' | 'bye'): AgentFaults => ({ dropAfterBytes: { bytes, how } });
  compute.emulator.agent.setSessionFaults(session.sessionId, drop('kill'));
  session.on('state', (state) => {
    states.push(state);
    if (state === 'connected' && states.filter((s) => s === 'connected').length === 1) {
      compute.emulator.agent.setSessionFaults(session.sessionId, drop('bye'));
    }
  });
  return states;
}

/** The cells the session's accepted upgrades went to, in order. */
function cellsUsed(compute: EmulatedCompute, sessionId: string): string[] {
  return compute.emulator.sessions.get(sessionId)!.upgrades.map((u) => u.cell);
}

test('moveStreamOnResume: a port forward survives two dropped sockets, each resumed on the new StreamUrl; every byte arrives', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port });
  compute.emulator.setFaults({ moveStreamOnResume: true });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const states = dropTwice(compute, forward, 200_000);
    const data = randomPayload(2 * MiB);
    const got = await echoRoundTrip(forward.localPort, data, 60_000);
    assert.equal(got.bytes, data.length);
    assert.equal(got.digest, sha256(data), 'every byte arrives, once, in order');
    assert.deepEqual(states.slice(0, 4), ['reconnecting', 'connected', 'reconnecting', 'connected']);
    const cells = cellsUsed(compute, forward.sessionId);
    assert.equal(cells.length, 3, 'StartSession\'s URL, then one new URL per resume');
    assert.equal(new Set(cells).size, 3, 'each resume went to the cell ResumeSession named');
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('moveStreamOnResume: a shell survives two dropped sockets; its output arrives complete and in order, input still reaches it', async () => {
  const compute = await startCompute();
  compute.emulator.setFaults({ moveStreamOnResume: true });
  try {
    const shell = await startShellSession({ ssm: await compute.ssm(), target: TARGET, size: { cols: 80, rows: 24 } });
    let text = '';
    shell.on('data', (d) => (text += d.toString('utf8')));
    const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
      const started = Date.now();
      while (!pattern.test(text)) {
        if (Date.now() - started > timeoutMs || shell.exited) throw new Error(`no ${pattern} in ${JSON.stringify(text.slice(-300))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    shell.write('echo "ready-$((6*7))"\n');
    await waitFor(/ready-42/);
    const states = dropTwice(compute, shell, 200_000);
    const lines = 150_000; // about 1 MB of output: both drops happen in the middle of it
    shell.write(`seq 1 ${lines}; echo "done-$((2*50))"\n`);
    await waitFor(/done-100/);
    const numbers = text.split(/\r?\n/).filter((line) => /^\d+\r?$/.test(line)).map((line) => Number.parseInt(line, 10));
    assert.equal(numbers.length, lines, 'no line lost or repeated');
    assert.ok(numbers.every((n, i) => n === i + 1), 'in order');
    assert.deepEqual(states.slice(0, 4), ['reconnecting', 'connected', 'reconnecting', 'connected']);
    shell.write('echo "after-$((3*7))"\n');
    await waitFor(/after-21/);
    assert.equal(new Set(cellsUsed(compute, shell.sessionId)).size, 3);
    await shell.terminate();
  } finally {
    await compute.close();
  }
});
