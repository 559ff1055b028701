// The whole emulated path with the real agent: GetComputeAccess → StartSession in the compute's
// Region → the data channel → a real shell that shows where it runs → TerminateSession.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSessionsCommand, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { startEmulator, type Emulator } from '../../emulator/index';
import { computeCredentials, ssm } from './emulator-fixture';
import { TestPeer } from './agent/test-peer';

let emu: Emulator;

// Plain shells (no KMS handshake) keep this test about the API path; agent tests cover KMS.
before(async () => {
  emu = await startEmulator({ agent: { firstOutputDelayMs: 0 }, sessionManager: { kmsEncryption: false } });
});
after(() => emu.close());

async function shellOn(fleet: string, computeName: string, target: string, region = 'us-west-2') {
  const client = ssm(emu, await computeCredentials(emu, fleet, computeName), region);
  const started = await client.send(new StartSessionCommand({ Target: target }));
  const peer = await TestPeer.connect(started.StreamUrl!, started.TokenValue!);
  return { client, sessionId: started.SessionId!, peer };
}

test('a container compute’s session lands on its host, where sudo docker exec enters its container and exit comes back', async () => {
  const container = await shellOn('arena-containers', 'a1c3e5f7b9d24e6fa1c3e5f7b9d20002', 'i-0c3f7e4a1d9f50001');
  const { peer } = container;
  peer.sendOutput('echo "where=$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_TARGET"\r');
  await peer.waitForText('where=host:i-0c3f7e4a1d9f50001');
  // The game server of compute …0002 is 355cb7834a75…: listed by docker ps, entered by a prefix.
  peer.sendOutput('sudo docker ps\r');
  await peer.waitForText(/CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES/);
  await peer.waitForText(/\r?\n355cb7834a75 +\S+\/game-server:latest .* ecs-arena-game-server-1-game-server-[0-9a-f]{20}\r?\n/);
  peer.sendOutput('sudo docker exec -it 355cb sh\r');
  await peer.waitForText('355cb7834a75:/local/game# ');
  peer.sendOutput('echo "in=$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_CONTAINER:$GAMELIFT_COMPUTE_NAME:$USER"\r');
  await peer.waitForText('in=container:game-server:a1c3e5f7b9d24e6fa1c3e5f7b9d20002:root');
  peer.sendOutput('exit\r');
  peer.sendOutput('echo "back=$GAMELIFT_EMULATOR_SHELL"\r');
  await peer.waitForText('back=host');
  peer.sendOutput('sudo docker exec -it 0000 sh; echo "rc=$?"\r');
  await peer.waitForText(/Error response from daemon: No such container: 0000\r?\n(.*\r?\n)?rc=1/);

  const host = await shellOn('arena-containers', 'i-0c3f7e4a1d9f50001', 'i-0c3f7e4a1d9f50001');
  host.peer.sendOutput('echo "where=$GAMELIFT_EMULATOR_SHELL:$GAMELIFT_EMULATOR_TARGET"\r');
  await host.peer.waitForText('where=host:i-0c3f7e4a1d9f50001');

  const active = await container.client.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: container.sessionId }] }));
  assert.equal(active.Sessions?.[0]?.Status, 'Connected');
  await container.client.send(new TerminateSessionCommand({ SessionId: container.sessionId }));
  await container.peer.waitFor(() => container.peer.channelClosed !== null, 5000, 'channel_closed');
  await host.client.send(new TerminateSessionCommand({ SessionId: host.sessionId }));
});

test('a remote location’s instance is reached through its own Region', async () => {
  const remote = await shellOn('arena-global', 'i-0f6cab7d4a2c80004', 'i-0f6cab7d4a2c80004', 'eu-west-1');
  remote.peer.sendOutput('echo "at=$GAMELIFT_EMULATOR_LOCATION"\r');
  await remote.peer.waitForText('at=eu-west-1');
  await remote.client.send(new TerminateSessionCommand({ SessionId: remote.sessionId }));
});
