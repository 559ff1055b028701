// Download back-pressure (main/daemon/util/read-flow.ts in the data channel): a slow local reader
// stops the client reading its WebSocket, never refuses a frame. Against an agent that forgets frames past
// its buffer (the real agent's when-full rule, here with a 3,000-frame buffer), refusing would
// lose bytes for good; pausing the reads loses none and keeps memory near the high-water mark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { createHash } from 'node:crypto';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { REMOTE_PORT, startCompute, TARGET } from './support/emulated-compute';
import { randomPayload, sha256, startTcpService } from '../../support/tcp-service';
import { waitFor } from '../../support/wait';

const MiB = 1024 * 1024;

test('a reader that stalls while an unpaced agent with a 3,000-frame buffer sends 64 MiB: every byte arrives, and the held bytes stay near the mark', { timeout: 240_000 }, async (t) => {
  const source = randomPayload(64 * MiB);
  const service = await startTcpService({ source });
  const compute = await startCompute({ remoteTo: service.port, agent: { pacingMs: 0, outgoingBufferCapacity: 3000 } });
  const highWater = 4 * MiB;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT, receiveFlow: { highWater } });
    let peak = 0;
    sampler = setInterval(() => (peak = Math.max(peak, forward.receiveState.pendingBytes + forward.receiveState.reorderBytes)), 2);

    const socket = createConnection({ host: '127.0.0.1', port: forward.localPort });
    socket.pause(); // the local reader takes nothing for a while
    await new Promise((resolve) => socket.once('connect', resolve));
    await waitFor('the forward to stop reading the WebSocket', () => forward.receiveState.readingPaused, 60_000);
    const pausedAt = forward.bytesIn;
    await new Promise((resolve) => setTimeout(resolve, 8000)); // the stall: the agent keeps trying to send
    assert.ok(forward.receiveState.readingPaused, 'still not reading while the reader stalls');
    assert.ok(forward.bytesIn - pausedAt < 2 * MiB, `little arrived while paused (${forward.bytesIn - pausedAt} bytes)`);

    const hash = createHash('sha256');
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      // Lost frames show up as a download that never completes: say so instead of hanging.
      const deadline = setTimeout(() => reject(new Error(`only ${bytes} of ${source.length} bytes arrived within 120 s of resuming`)), 120_000);
      socket.on('close', () => clearTimeout(deadline));
      socket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    assert.equal(bytes, source.length);
    assert.equal(hash.digest('hex'), sha256(source));
    // The mark, plus what was already on its way in the WebSocket's read when reading stopped.
    assert.ok(peak <= highWater + 2 * MiB, `peak ${peak} bytes held, mark ${highWater}`);
    t.diagnostic(`paused ${forward.receiveState.pauses} times; peak held ${(peak / MiB).toFixed(1)} MiB`);
    await forward.close();
  } finally {
    if (sampler) clearInterval(sampler);
    await compute.close();
    await service.close();
  }
});
