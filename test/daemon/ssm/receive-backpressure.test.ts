// Download back-pressure (ReceiveGate in reliable-channel.ts): a local reader that stops reading
// makes the forward refuse agent data above the receive high-water mark instead of buffering it
// without limit; once the reader resumes, the agent's retransmissions bring every byte back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { createHash } from 'node:crypto';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startCompute, TARGET } from './support/emulated-compute';
import { randomPayload, sha256, startTcpService } from '../../support/tcp-service';
import { waitFor } from '../../support/wait';

const MiB = 1024 * 1024;
/** Smaller than the 64 MiB default so the test stalls and recovers quickly; the mechanism is the same. */
const HIGH_WATER = 16 * MiB;

test('a paused local reader: buffered agent data stays under the high-water mark, and all 64 MiB arrive after it resumes', { timeout: 300_000 }, async (t) => {
  const source = randomPayload(64 * MiB);
  const service = await startTcpService({ source });
  const compute = await startCompute({ remoteTo: service.port });
  let sampler: NodeJS.Timeout | undefined;
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT, reliability: { receiveHighWater: HIGH_WATER } });
    let peak = 0;
    const held = () => forward.receiveState.pendingBytes + forward.receiveState.reorderBytes;
    sampler = setInterval(() => (peak = Math.max(peak, held())), 2);

    const socket = createConnection({ host: '127.0.0.1', port: forward.localPort });
    socket.pause(); // the local client reads nothing for now
    await new Promise((resolve) => socket.once('connect', resolve));

    // The agent sends as fast as it can; the forward takes HIGH_WATER into the socket, then refuses.
    await waitFor('the receive gate to refuse frames', () => forward.receiveState.gateClosed && forward.receiveState.refusedFrames > 0, 60_000);
    let before = forward.bytesIn;
    for (let quiet = 0; quiet < 5; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      quiet = forward.bytesIn === before ? quiet + 1 : 0;
      before = forward.bytesIn;
    }
    const paused = forward.receiveState;
    assert.ok(paused.pendingBytes >= HIGH_WATER, `the socket holds the mark (${paused.pendingBytes})`);
    assert.ok(peak <= HIGH_WATER + 64 * 1024, `peak ${peak} bytes held, mark ${HIGH_WATER}`);
    assert.equal(paused.reorderBytes, 0);
    assert.ok(forward.bytesIn < source.length / 2, `delivery stopped (${forward.bytesIn} bytes in)`);

    // Reading again: the gate reopens at the low-water mark and retransmissions fill the gap.
    const hash = createHash('sha256');
    let bytes = 0;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    const recoveredIn = Date.now() - started;
    assert.equal(bytes, source.length);
    assert.equal(hash.digest('hex'), sha256(source));
    assert.ok(peak <= 2 * HIGH_WATER + 64 * 1024, `peak ${peak} bytes held over the whole transfer`);
    t.diagnostic(`paused at ${paused.pendingBytes} bytes pending, ${paused.refusedFrames} frames refused; peak ${peak}; resumed download took ${recoveredIn} ms; refused in all ${forward.receiveState.refusedFrames}`);
    await forward.close();
  } finally {
    if (sampler) clearInterval(sampler);
    await compute.close();
    await service.close();
  }
});
