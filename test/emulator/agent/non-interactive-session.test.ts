import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PayloadType } from '../../../main/daemon/ssm/frame';
import { decryptPayload } from '../../../main/daemon/ssm/session-cipher';
import type { AgentSessionSpec } from '../../../emulator/agent/agent-api';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import { resolveOutputStreams } from '../../../emulator/agent/shell-output-config';
import { TestPeer } from './test-peer';
import { commandSpec, completeKmsHandshake, TestKms, successResponse } from './test-support';

let agent: DataChannelAgent;
const kms = new TestKms();
before(async () => {
  agent = await DataChannelAgent.listen({ firstOutputDelayMs: 0 });
});
after(() => agent.close());

const SEPARATE = { shellOutput: { separateOutputStream: true } } satisfies Partial<AgentSessionSpec>;

interface HandshakeRequest {
  RequestedClientActions: Array<{ ActionType: string; ActionParameters: Record<string, unknown> }>;
}

/** Starts a command session and completes its (always present) plain handshake. */
async function openCommand(command: string, overrides: Partial<AgentSessionSpec> = {}) {
  const spec = commandSpec(command, overrides);
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const { body: request } = await peer.waitForJson<HandshakeRequest>(PayloadType.HandshakeRequest);
  peer.send(PayloadType.HandshakeResponse, successResponse());
  await peer.waitForJson(PayloadType.HandshakeComplete);
  return { spec, peer, request };
}

const channelClosed = (peer: TestPeer, timeoutMs = 5000) => peer.waitFor(() => peer.channelClosed !== null, timeoutMs, 'channel_closed');
const exitCodes = (peer: TestPeer) => peer.delivered.filter((f) => f.payloadType === PayloadType.ExitCode).map((f) => peer.decrypt(f).toString());

test('the handshake always happens and reports SessionType NonInteractiveCommands with null Properties', async () => {
  const { spec, peer, request } = await openCommand('true');
  assert.deepEqual(request.RequestedClientActions, [{ ActionType: 'SessionType', ActionParameters: { SessionType: 'NonInteractiveCommands', Properties: null } }]);
  assert.equal(peer.delivered[0]!.payloadType, PayloadType.HandshakeRequest);
  await channelClosed(peer);
  assert.equal(agent.status(spec.sessionId), 'Terminated');
});

test('separate streams: exit 0 arrives as EXIT_CODE: 0, after the output and before channel_closed', async () => {
  const { peer } = await openCommand('echo done-$((40+2))', SEPARATE);
  await channelClosed(peer);
  assert.equal(peer.text(), 'done-42\n');
  assert.deepEqual(exitCodes(peer), ['EXIT_CODE: 0']);
  const dataTypes = peer.timeline.filter((e) => e.startsWith('data:')).map((e) => Number(e.split(':')[2]));
  assert.equal(dataTypes.at(-1), PayloadType.ExitCode, 'the exit code is the last frame');
  assert.equal(peer.timeline.at(-1), 'channel_closed');
  assert.equal(peer.channelClosed!.Output, '');
});

test('separate streams: stderr is StdErr (11), stdout Output (1), and exit 3 is EXIT_CODE: 3', async () => {
  const { peer } = await openCommand('echo to-stdout; echo to-stderr >&2; exit 3', SEPARATE);
  await channelClosed(peer);
  assert.equal(peer.output(PayloadType.Output).toString(), 'to-stdout\n');
  assert.equal(peer.output(PayloadType.StdErr).toString(), 'to-stderr\n');
  assert.deepEqual(exitCodes(peer), ['EXIT_CODE: 3']);
});

test('separator prefixes go in front of a read that starts a line, per stream', async () => {
  const shellOutput = { separateOutputStream: 'true', stdOutSeparatorPrefix: 'STD_OUT:', stdErrSeparatorPrefix: 'STD_ERR:' };
  const { peer } = await openCommand('echo one; sleep 0.2; echo two; echo oops >&2', { shellOutput });
  await channelClosed(peer);
  assert.equal(peer.output(PayloadType.Output).toString(), 'STD_OUT:one\nSTD_OUT:two\n');
  assert.equal(peer.output(PayloadType.StdErr).toString(), 'STD_ERR:oops\n');
});

test('merged (AWS’s own document): stdout and stderr in order as Output, no StdErr and no exit code', async () => {
  const { peer } = await openCommand('echo first; echo second >&2; echo third; exit 3');
  await channelClosed(peer);
  assert.equal(peer.text(), 'first\nsecond\nthird\n');
  assert.equal(peer.output(PayloadType.StdErr).length, 0);
  assert.deepEqual(exitCodes(peer), []);
});

test('KMS: the handshake adds KMSEncryption, and StdErr and ExitCode travel encrypted too', async () => {
  const spec = commandSpec('echo secret-out; echo secret-err >&2; exit 5', { ...SEPARATE, kms: { keyId: kms.keyId, decrypt: kms.decrypt } });
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue);
  const keys = await completeKmsHandshake(peer, spec, kms);
  peer.decrypt = (frame) => decryptPayload(keys.decrypt, frame.payload);
  await channelClosed(peer);
  const request = JSON.parse(peer.delivered[0]!.payload.toString()) as HandshakeRequest;
  assert.equal(request.RequestedClientActions[0]!.ActionParameters.SessionType, 'NonInteractiveCommands');
  assert.deepEqual(exitCodes(peer), ['EXIT_CODE: 5']);
  assert.equal(peer.output(PayloadType.Output).toString(), 'secret-out\n');
  assert.equal(peer.output(PayloadType.StdErr).toString(), 'secret-err\n');
  for (const type of [PayloadType.Output, PayloadType.StdErr, PayloadType.ExitCode]) {
    const frames = peer.delivered.filter((f) => f.payloadType === type);
    assert.ok(frames.length > 0, `type ${type} arrived`);
    for (const frame of frames) {
      assert.equal(frame.payload.length, peer.decrypt(frame).length + 28, `type ${type} is sealed`);
      assert.ok(!/secret|EXIT_CODE/.test(frame.payload.toString('latin1')));
    }
  }
});

test('Ctrl-C (0x03) sends SIGINT to the command: sleep 30 ends at once, exit status -1 as Go reports a signal', async () => {
  const { peer } = await openCommand('echo started; sleep 30', SEPARATE);
  // A real user presses Ctrl-C once the command runs; straight after the spawn the signal could land
  // between `sh` forking `sleep` and exec'ing it, where it is lost (the agent execs without a shell).
  await peer.waitForText('started');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  peer.sendSize(120, 40); // ignored: there is no pty
  peer.sendOutput('ignored input, then \u0003');
  await channelClosed(peer, 4000);
  assert.ok(Date.now() - started < 4000);
  assert.deepEqual(exitCodes(peer), ['EXIT_CODE: -1']);
});

test('Ctrl-\\ (0x1C) sends SIGQUIT; other input never reaches the command', async () => {
  // ulimit: the group's `sleep` dies of SIGQUIT too, and must not leave a core file behind.
  const { peer } = await openCommand('ulimit -c 0; trap "echo got-quit; exit 9" QUIT; read line; echo "read=$line"; while :; do sleep 0.05; done', SEPARATE);
  peer.sendOutput('typed text\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  peer.sendOutput('\u001c');
  await channelClosed(peer);
  assert.match(peer.text(), /read=\n/, 'stdin is /dev/null');
  assert.match(peer.text(), /got-quit/);
  assert.deepEqual(exitCodes(peer), ['EXIT_CODE: 9']);
});

test('terminate() kills a running command and sends no exit code', async () => {
  const { spec, peer } = await openCommand('sleep 30', SEPARATE);
  assert.equal(agent.terminate(spec.sessionId), true);
  await channelClosed(peer);
  assert.deepEqual(exitCodes(peer), []);
});

test('an invalid separator prefix fails the session after the handshake, as the agent refuses it', async () => {
  const shellOutput = { separateOutputStream: true, stdOutSeparatorPrefix: 'no spaces allowed' };
  const { spec, peer } = await openCommand('echo never', { shellOutput });
  await channelClosed(peer);
  assert.match(String(peer.channelClosed!.Output), /invalid stdoutSeparatorPrefix/);
  assert.equal(agent.status(spec.sessionId), 'Failed');
  assert.equal(peer.text(), '');
});

test('separateOutputStream takes Go boolean spellings; prefixes are only read when it is on', () => {
  assert.equal(resolveOutputStreams({}).separate, false);
  assert.equal(resolveOutputStreams({ separateOutputStream: 'True' }).separate, true);
  assert.equal(resolveOutputStreams({ separateOutputStream: '0', stdOutSeparatorPrefix: 'bad prefix' }).separate, false);
  assert.throws(() => resolveOutputStreams({ separateOutputStream: 'yes' }), /separateOutPutStream/);
  assert.throws(() => resolveOutputStreams({ separateOutputStream: true, stdErrSeparatorPrefix: 'x'.repeat(31) }), /stderrSeparatorPrefix/);
});
