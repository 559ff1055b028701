// Test support: session specs for the agent tests, a real TCP echo service to forward to, and a
// key in the emulator's local KMS.
import { randomBytes } from 'node:crypto';
import { PayloadType } from '../../../main/daemon/ssm/frame';
import { decryptPayload, encryptPayload, splitDataKey, type SessionKeys } from '../../../main/daemon/ssm/session-cipher';
import type { AgentSessionSpec, SessionAgent } from '../../../emulator/agent/agent-api';
import { TestPeer, type PeerOptions } from './test-peer';
import { startTcpService, type TcpService } from '../../support/tcp-service';
import { LocalKms } from '../../../emulator/kms/local-kms';

let counter = 0;
export function sessionId(): string {
  return `tester-${process.pid}-${++counter}-${randomBytes(4).toString('hex')}`;
}

export function shellSpec(overrides: Partial<AgentSessionSpec> = {}): AgentSessionSpec {
  return {
    sessionId: sessionId(),
    target: 'mi-0123456789abcdef0',
    parameters: {},
    agentVersion: '3.3.808.0',
    shell: { program: '/bin/sh', args: [], env: { PS1: '$ ', HOME: '/tmp' } },
    os: 'linux',
    resolvePort: (port) => ({ host: '127.0.0.1', port }),
    ...overrides,
  };
}

/** An AWS-StartNonInteractiveCommand session running `command`; `shellOutput` is the document's per-OS block. */
export function commandSpec(command: string, overrides: Partial<AgentSessionSpec> = {}): AgentSessionSpec {
  return shellSpec({ documentName: 'AWS-StartNonInteractiveCommand', parameters: { command: [command] }, ...overrides });
}

/** A port-forwarding session whose instance port `remotePort` is really `actualPort` on loopback. */
export function portSpec(actualPort: number, overrides: Partial<AgentSessionSpec> = {}): AgentSessionSpec {
  return shellSpec({
    documentName: 'AWS-StartPortForwardingSession',
    parameters: { portNumber: ['80'], localPortNumber: ['8080'] },
    resolvePort: () => ({ host: '127.0.0.1', port: actualPort }),
    ...overrides,
  });
}

/** A real TCP echo service on loopback: an instance's port that sessions forward to. */
export type EchoServer = TcpService;
export const startEchoServer = (): Promise<EchoServer> => startTcpService({ echo: true });

/** One key in the emulator's LocalKms: `keyId` and `decrypt` are what AgentSessionSpec.kms takes; generateDataKey is the client's call. */
export class TestKms {
  private readonly kms = new LocalKms();
  private readonly key = this.kms.createKey('us-west-2', '111122223333');
  readonly keyId = this.key.arn;

  generateDataKey(context: Record<string, string>): { plaintext: Buffer; ciphertextBlob: Buffer } {
    return this.kms.generateDataKey(this.key, 64, context);
  }

  decrypt = (blob: Buffer, context: Record<string, string>): Buffer => this.kms.decrypt(blob, context).plaintext;
}

/** The HandshakeResponse the plugin sends for a port session (§6.3). */
export function successResponse(clientVersion = '1.2.650.0'): Buffer {
  return Buffer.from(
    JSON.stringify({
      ClientVersion: clientVersion,
      ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }],
      Errors: null,
    }),
  );
}

/** Starts a shell session and connects a test peer to it (plain shells have no handshake). */
export async function openShellSession(agent: SessionAgent, overrides: Parameters<typeof shellSpec>[0] = {}): Promise<{ spec: AgentSessionSpec; peer: TestPeer }> {
  const spec = shellSpec(overrides);
  const issued = agent.start(spec);
  return { spec, peer: await TestPeer.connect(issued.streamUrl, issued.tokenValue) };
}

/** Starts a port session and completes its handshake the way the plugin does. */
export async function openPortSession(agent: SessionAgent, spec: AgentSessionSpec, options: PeerOptions = {}): Promise<TestPeer> {
  const issued = agent.start(spec);
  const peer = await TestPeer.connect(issued.streamUrl, issued.tokenValue, options);
  await peer.waitForJson(PayloadType.HandshakeRequest);
  peer.send(PayloadType.HandshakeResponse, successResponse(options.clientVersion ?? '1.2.650.0'));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  return peer;
}

/** The client half of a KMS handshake (§7) with the challenge acknowledged; returns the client's keys. */
export async function completeKmsHandshake(peer: TestPeer, spec: AgentSessionSpec, kms: TestKms): Promise<SessionKeys> {
  type Actions = { RequestedClientActions: Array<{ ActionType: string; ActionParameters: Record<string, unknown> }> };
  const { body } = await peer.waitForJson<Actions>(PayloadType.HandshakeRequest);
  const action = body.RequestedClientActions.find((a) => a.ActionType === 'KMSEncryption');
  if (!action) throw new Error('the HandshakeRequest has no KMSEncryption action');
  const challenge = String(action.ActionParameters.Challenge);
  const dataKey = kms.generateDataKey({ 'aws:ssm:SessionId': spec.sessionId, 'aws:ssm:TargetId': spec.target, 'aws:ssm:RandomChallenge': challenge });
  const kmsResult = { KMSCipherTextKey: dataKey.ciphertextBlob.toString('base64'), KMSCipherTextHash: null, ChallengeAcknowledgement: true };
  const processed = [
    { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
    { ActionType: 'KMSEncryption', ActionStatus: 1, ActionResult: kmsResult, Error: '' },
  ];
  peer.send(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify({ ClientVersion: '1.2.650.0', ProcessedClientActions: processed, Errors: null })));
  const keys = splitDataKey(dataKey.plaintext, 'client');
  const { body: request } = await peer.waitForJson<{ Challenge: string }>(PayloadType.EncChallengeRequest);
  const plain = decryptPayload(keys.decrypt, Buffer.from(request.Challenge, 'base64'));
  peer.send(PayloadType.EncChallengeResponse, Buffer.from(JSON.stringify({ Challenge: encryptPayload(keys.encrypt, plain).toString('base64') })));
  await peer.waitForJson(PayloadType.HandshakeComplete);
  return keys;
}
