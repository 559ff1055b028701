// The client's side of the handshake (docs/reference/ssm-data-channel.md §6–7): answer every requested
// action, agree a KMS key when asked, and remember what the session is for `ready`. The agent
// cancels the session if any action fails; `failure` then says why.
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  ActionStatus, ActionType, encodeHandshakeResponse, failed, kmsParameters, parseHandshakeRequest,
  sessionTypeParameters, succeeded,
} from './handshake';
import type { ProcessedAction, RequestedAction, SessionTypeParameters } from './handshake';
import { generateSessionKeys } from './kms-keys';
import type { KmsSessionBinding } from './kms-keys';
import type { SessionKeys } from './session-cipher';

export interface HandshakeAnswer {
  /** The HandshakeResponse payload. */
  response: Buffer;
  sessionType: string;
  properties: Record<string, unknown> | null;
  agentVersion: string;
  /** Set when KMS encryption was agreed. */
  keys: SessionKeys | null;
  /** The first action we could not perform, if any. */
  failure: string | null;
}

export interface HandshakeContext {
  binding: KmsSessionBinding;
  kms?: KMSClient;
  clientVersion: string;
  log: (message: string) => void;
}

export async function answerHandshakeRequest(payload: Buffer, context: HandshakeContext): Promise<HandshakeAnswer> {
  const request = parseHandshakeRequest(payload);
  const processed: ProcessedAction[] = [];
  let session: SessionTypeParameters | null = null;
  let keys: SessionKeys | null = null;
  for (const action of request.actions) {
    if (action.ActionType === ActionType.SessionType) {
      session = sessionTypeParameters(action);
      processed.push(succeeded(ActionType.SessionType));
    } else if (action.ActionType === ActionType.KMSEncryption) {
      const outcome = await agreeKey(action, context);
      keys = outcome.keys;
      processed.push(outcome.processed);
    } else {
      processed.push(failed(action.ActionType, `unsupported action ${action.ActionType}`, ActionStatus.Unsupported));
    }
  }
  return {
    response: encodeHandshakeResponse(processed, context.clientVersion),
    sessionType: session?.sessionType ?? 'Standard_Stream',
    properties: session?.properties ?? null,
    agentVersion: request.agentVersion,
    keys,
    failure: processed.find((a) => a.ActionStatus !== ActionStatus.Success)?.Error ?? null,
  };
}

async function agreeKey(action: RequestedAction, context: HandshakeContext): Promise<{ keys: SessionKeys | null; processed: ProcessedAction }> {
  if (!context.kms) return { keys: null, processed: failed(ActionType.KMSEncryption, 'the session requires KMS encryption but no KMS client was given') };
  try {
    const setup = await generateSessionKeys(context.kms, context.binding, kmsParameters(action));
    return { keys: setup.keys, processed: succeeded(ActionType.KMSEncryption, setup.actionResult) };
  } catch (error) {
    const reason = `KMS GenerateDataKey failed: ${error instanceof Error ? error.message : String(error)}`;
    context.log(reason);
    return { keys: null, processed: failed(ActionType.KMSEncryption, reason) };
  }
}
