// Port forwards through the native client against the emulator and real TCP services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startPortForward } from '../../../main/daemon/ssm/port-forward';
import { PortInUseError } from '../../../main/daemon/ssm/local-listener';
import { REMOTE_PORT, sessionStatus, startCompute, TARGET } from './support/emulated-compute';
import { download, echoRoundTrip, randomPayload, sha256, startTcpService } from '../../support/tcp-service';
import { freePort } from '../../support/free-port';
import { waitFor } from '../../support/wait';

test('mux mode: an echo round trip keeps every byte, and close() ends the session on both sides', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    assert.equal(forward.mode, 'mux');
    const data = randomPayload(2 * 1024 * 1024);
    const got = await echoRoundTrip(forward.localPort, data);
    assert.equal(got.digest, sha256(data));
    assert.ok(forward.bytesIn >= data.length && forward.bytesOut >= data.length, 'counters include smux framing');
    await forward.close();
    assert.equal(forward.state, 'closed');
    assert.match(sessionStatus(compute, forward.sessionId), /^Terminat/);
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('remoteHost uses the remote-host document and reaches that host from the instance', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute();
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: echo.port, remoteHost: 'localhost' });
    assert.equal(compute.emulator.sessions.get(forward.sessionId)?.documentName, 'AWS-StartPortForwardingSessionToRemoteHost');
    const data = randomPayload(100_000);
    assert.equal((await echoRoundTrip(forward.localPort, data)).digest, sha256(data));
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('basic mode for an old agent: connections take turns, each intact', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ agentVersion: '3.0.161.0', remoteTo: echo.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    assert.equal(forward.mode, 'basic');
    for (let i = 0; i < 3; i++) {
      const data = randomPayload(200_000);
      assert.equal((await echoRoundTrip(forward.localPort, data)).digest, sha256(data));
    }
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('a download arrives whole, and the remote close ends the local connection', async () => {
  const source = randomPayload(3 * 1024 * 1024 + 17);
  const service = await startTcpService({ source });
  const compute = await startCompute({ remoteTo: service.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const got = await download(forward.localPort);
    assert.equal(got.bytes, source.length);
    assert.equal(got.digest, sha256(source));
    await forward.close();
  } finally {
    await compute.close();
    await service.close();
  }
});

test('a local EOF ends the connection both ways (no half-close over SSM)', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const socket = createConnection({ host: '127.0.0.1', port: forward.localPort });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.end('bye'); // half-close: we may still want to read, but the connection is ended whole
    await new Promise((resolve) => socket.once('close', resolve));
    await waitFor('no open connections', () => forward.connections === 0);
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('an idle forward stays up: our ClientVersion turns the agent\'s smux keepalive off', async () => {
  const echo = await startTcpService({ echo: true });
  // An agent that would close a silent mux after 150–300 ms if it expected keepalive NOPs.
  const compute = await startCompute({ remoteTo: echo.port, agent: { smuxKeepAlive: { intervalMs: 50, timeoutMs: 150 } } });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(forward.state, 'connected');
    const data = randomPayload(10_000);
    assert.equal((await echoRoundTrip(forward.localPort, data)).digest, sha256(data));
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('connections reset while the session is starting are dropped quietly; the forward works after', async () => {
  const echo = await startTcpService({ echo: true });
  const compute = await startCompute({ remoteTo: echo.port });
  const port = await freePort();
  try {
    let started = false;
    const starting = startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT, localPort: port }).finally(() => (started = true));
    let resets = 0;
    while (!started && resets < 200) {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      await new Promise<void>((resolve) => {
        socket.once('connect', () => {
          socket.write('x');
          socket.resetAndDestroy();
          resets++;
          resolve();
        });
        socket.once('close', () => resolve());
      });
    }
    const forward = await starting;
    assert.ok(resets > 0, 'some connections were reset during startup');
    await waitFor('no open connections', () => forward.connections === 0); // none of them lingers as a stream
    const data = randomPayload(50_000);
    assert.equal((await echoRoundTrip(forward.localPort, data)).digest, sha256(data));
    await forward.close();
  } finally {
    await compute.close();
    await echo.close();
  }
});

test('a taken local port fails before any session starts', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as AddressInfo).port;
  const compute = await startCompute();
  try {
    await assert.rejects(startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT, localPort: port }), (error: unknown) => {
      assert.ok(error instanceof PortInUseError);
      assert.match(error.message, new RegExp(`Local port ${port} .* already in use`));
      return true;
    });
    assert.equal(compute.emulator.sessions.list(compute.emulator.scenario.managedAccountId, compute.emulator.region).length, 0);
  } finally {
    blocker.close();
    await compute.close();
  }
});

test('a refused destination closes that local connection with a clear reason; the forward lives on', async () => {
  const deadPort = await freePort();
  const compute = await startCompute({ remoteTo: deadPort });
  try {
    const forward = await startPortForward({ ssm: await compute.ssm(), target: TARGET, remotePort: REMOTE_PORT });
    const reasons: (string | undefined)[] = [];
    forward.on('connectionClosed', (_id, error) => reasons.push(error));
    const socket = createConnection({ host: '127.0.0.1', port: forward.localPort });
    socket.on('error', () => {});
    socket.write('hello');
    await new Promise((resolve) => socket.once('close', resolve));
    await waitFor('the connection\'s close reason', () => reasons.length === 1);
    assert.match(reasons[0] ?? '', /could not connect to the destination port/);
    assert.equal(forward.state, 'connected');
    await forward.close();
  } finally {
    await compute.close();
  }
});
