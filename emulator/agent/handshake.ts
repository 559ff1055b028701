// The agent's handshake (docs/reference/ssm-data-channel.md §6, §7): HandshakeRequest, then the
// client's HandshakeResponse (15 s), then for KMS the encryption challenge (15 s), then
// HandshakeComplete. Any action the client did not report as Success cancels the session.
import { randomBytes } from 'node:crypto';
import { PayloadType, type Frame } from '../../main/daemon/ssm/frame';
import { AgentCipher } from './agent-cipher';
import type { AgentSessionSpec } from './agent-api';
import { sortedProperties, type SessionPlan } from './session-document';

export const HANDSHAKE_TIMEOUT_MS = 15_000;
export const KMS_CUSTOMER_MESSAGE = 'This session is encrypted using AWS KMS.';
const ACTION_SUCCESS = 1;
const CHALLENGE_BYTES = 64;

export interface HandshakeSettings {
  sessionId: string;
  target: string;
  agentVersion: string;
  plan: SessionPlan;
  kms?: AgentSessionSpec['kms'];
  /** Sends a sequenced output_stream_data frame. */
  send(payloadType: number, payload: Buffer): void;
  timeoutMs?: number;
}

export type HandshakeOutcome = { ok: true; clientVersion?: string; cipher?: AgentCipher } | { ok: false; reason: string };

interface ProcessedAction {
  ActionType?: string;
  ActionStatus?: number;
  ActionResult?: { KMSCipherTextKey?: string; ChallengeAcknowledgement?: boolean } | null;
  Error?: string;
}

export class AgentHandshake {
  private readonly startedAt = process.hrtime.bigint();
  private readonly kmsChallenge = randomBytes(16).toString('base64');
  private waitingFor: number = PayloadType.HandshakeResponse;
  private clientVersion: string | undefined;
  private cipher: AgentCipher | undefined;
  private encryptionChallenge: Buffer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settle!: (outcome: HandshakeOutcome) => void;
  readonly done: Promise<HandshakeOutcome>;

  constructor(private readonly settings: HandshakeSettings) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  start(): void {
    const { plan, kms, agentVersion } = this.settings;
    const actions: unknown[] = [
      {
        ActionType: 'SessionType',
        ActionParameters: { SessionType: plan.sessionType, Properties: plan.sessionType === 'Port' ? sortedProperties(plan.properties) : null },
      },
    ];
    if (kms) actions.push({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: kms.keyId, Challenge: this.kmsChallenge } });
    this.sendJson(PayloadType.HandshakeRequest, { AgentVersion: agentVersion, RequestedClientActions: actions });
    this.armTimeout('Handshake timed out. Please ensure that you have the latest version of the session manager plugin.');
  }

  /** Takes a HandshakeResponse or EncChallengeResponse; anything else is not the handshake's. */
  handle(frame: Frame): void {
    if (frame.payloadType !== this.waitingFor) return;
    try {
      const body = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
      if (frame.payloadType === PayloadType.HandshakeResponse) this.onResponse(body);
      else this.onChallengeResponse(body);
    } catch (error) {
      this.finish({ ok: false, reason: `handshake failed: ${(error as Error).message}` });
    }
  }

  cancel(): void {
    this.finish({ ok: false, reason: 'cancelled' });
  }

  private onResponse(body: Record<string, unknown>): void {
    this.clientVersion = typeof body.ClientVersion === 'string' ? body.ClientVersion : undefined;
    const actions = (Array.isArray(body.ProcessedClientActions) ? body.ProcessedClientActions : []) as ProcessedAction[];
    const failed = actions.find((a) => a.ActionStatus !== ACTION_SUCCESS);
    if (failed) {
      return this.finish({ ok: false, reason: `client action ${failed.ActionType} failed: ${failed.Error || `status ${failed.ActionStatus}`}` });
    }
    const { kms } = this.settings;
    if (!kms) return this.complete('');
    const result = actions.find((a) => a.ActionType === 'KMSEncryption')?.ActionResult;
    if (!result?.KMSCipherTextKey) return this.finish({ ok: false, reason: 'client did not process the KMSEncryption action' });
    const context: Record<string, string> = { 'aws:ssm:SessionId': this.settings.sessionId, 'aws:ssm:TargetId': this.settings.target };
    if (result.ChallengeAcknowledgement === true) context['aws:ssm:RandomChallenge'] = this.kmsChallenge;
    this.cipher = new AgentCipher(kms.decrypt(Buffer.from(result.KMSCipherTextKey, 'base64'), context));
    this.encryptionChallenge = randomBytes(CHALLENGE_BYTES);
    this.waitingFor = PayloadType.EncChallengeResponse;
    this.sendJson(PayloadType.EncChallengeRequest, { Challenge: this.cipher.seal(this.encryptionChallenge).toString('base64') });
    this.armTimeout('Timed out waiting for the encryption challenge response.');
  }

  private onChallengeResponse(body: Record<string, unknown>): void {
    if (typeof body.Challenge !== 'string') throw new Error('EncChallengeResponse without a Challenge');
    const echoed = this.cipher!.open(Buffer.from(body.Challenge, 'base64'));
    if (!echoed.equals(this.encryptionChallenge!)) return this.finish({ ok: false, reason: 'encryption challenge mismatch' });
    this.complete(KMS_CUSTOMER_MESSAGE);
  }

  private complete(customerMessage: string): void {
    const elapsedNs = Number(process.hrtime.bigint() - this.startedAt);
    this.sendJson(PayloadType.HandshakeComplete, { HandshakeTimeToComplete: elapsedNs, CustomerMessage: customerMessage });
    this.finish({ ok: true, ...(this.clientVersion ? { clientVersion: this.clientVersion } : {}), ...(this.cipher ? { cipher: this.cipher } : {}) });
  }

  private armTimeout(reason: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.finish({ ok: false, reason }), this.settings.timeoutMs ?? HANDSHAKE_TIMEOUT_MS);
  }

  private finish(outcome: HandshakeOutcome): void {
    clearTimeout(this.timer);
    this.waitingFor = -1;
    this.settle(outcome);
  }

  private sendJson(payloadType: number, body: unknown): void {
    this.settings.send(payloadType, Buffer.from(JSON.stringify(body)));
  }
}
