// Test support: session specs for the agent tests, a real TCP echo service to forward to, and a
// tiny local KMS (AES-GCM with the encryption context bound as associated data, as KMS binds it).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PayloadType } from '../../../main/daemon/ssm/frame';
import { decryptPayload, encryptPayload, splitDataKey, type SessionKeys } from '../../../main/daemon/ssm/session-cipher';
import type { AgentSessionSpec, SessionAgent } from './agent-api';
import { TestPeer, type PeerOptions } from './test-peer';
import { startTcpService, type TcpService } from '../../support/tcp-service';

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

/** A minimal local KMS: GenerateDataKey and Decrypt, with the encryption context authenticated. */
export class LocalKms {
  readonly keyId = 'arn:aws:kms:us-west-2:111122223333:key/test-key';
  private readonly masterKey = randomBytes(32);

  generateDataKey(context: Record<string, string>): { plaintext: Buffer; ciphertextBlob: Buffer } {
    const plaintext = randomBytes(64);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, nonce).setAAD(contextBytes(context));
    const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { plaintext, ciphertextBlob: sealed };
  }

  decrypt = (blob: Buffer, context: Record<string, string>): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, blob.subarray(0, 12)).setAAD(contextBytes(context));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]);
  };
}

function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))));
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
export async function completeKmsHandshake(peer: TestPeer, spec: AgentSessionSpec, kms: LocalKms): Promise<SessionKeys> {
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
