// AWS-StartNonInteractiveCommand through the API: StartSession checks the document like AWS does, and
// the session preference for separate output streams reaches the agent, whose exit code comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { PayloadType } from '../../../main/daemon/ssm/frame';
import { TestPeer } from '../agent/test-peer';
import { successResponse } from '../agent/test-support';
import { computeCredentials, failure, ssm } from '../emulator-fixture';
import { startEmulator, type Emulator } from '../../../emulator/index';

const TARGET = 'i-0a1f5c2e9b7d30001';
let emu: Emulator;

before(async () => {
  emu = await startEmulator({
    agent: { firstOutputDelayMs: 0 },
    // No KMS keeps this about the API path; the agent tests cover KMS for this session type.
    sessionManager: { kmsEncryption: false, nonInteractiveCommands: { separateOutputStream: true, stdErrSeparatorPrefix: 'ERR:' } },
  });
});
after(() => emu.close());

test('StartSession runs AWS-StartNonInteractiveCommand and needs its command parameter', async () => {
  const client = ssm(emu, await computeCredentials(emu, 'arena-linux-sdk5', TARGET));
  const missing = await failure(client.send(new StartSessionCommand({ Target: TARGET, DocumentName: 'AWS-StartNonInteractiveCommand' })));
  assert.equal(missing.name, 'InvalidParameters');
  assert.match(missing.message, /required: command/);
  // Separate streams are the document's business, not a per-call parameter, as on AWS.
  const extra = await failure(
    client.send(new StartSessionCommand({ Target: TARGET, DocumentName: 'AWS-StartNonInteractiveCommand', Parameters: { command: ['true'], separateOutputStream: ['true'] } })),
  );
  assert.equal(extra.name, 'InvalidParameters');

  const started = await client.send(
    new StartSessionCommand({ Target: TARGET, DocumentName: 'AWS-StartNonInteractiveCommand', Parameters: { command: ['echo "on $GAMELIFT_EMULATOR_TARGET"; echo warn >&2; exit 4'] } }),
  );
  const peer = await TestPeer.connect(started.StreamUrl!, started.TokenValue!);
  const { body } = await peer.waitForJson<{ RequestedClientActions: Array<{ ActionParameters: { SessionType?: string } }> }>(PayloadType.HandshakeRequest);
  assert.equal(body.RequestedClientActions[0]!.ActionParameters.SessionType, 'NonInteractiveCommands');
  peer.send(PayloadType.HandshakeResponse, successResponse());
  await peer.waitFor(() => peer.channelClosed !== null, 5000, 'channel_closed');
  assert.equal(peer.text(), `on ${TARGET}\n`);
  assert.equal(peer.output(PayloadType.StdErr).toString(), 'ERR:warn\n');
  assert.equal(peer.output(PayloadType.ExitCode).toString(), 'EXIT_CODE: 4');
});
