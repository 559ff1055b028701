// Handshake messages (docs/reference/ssm-data-channel.md §6): the agent's HandshakeRequest lists actions the
// client must process; the client answers every one of them in a HandshakeResponse. Any status
// other than Success makes the agent cancel the session.
import { CLIENT_VERSION } from './version';

export const ActionType = { SessionType: 'SessionType', KMSEncryption: 'KMSEncryption' } as const;
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

export interface RequestedAction {
  ActionType: string;
  ActionParameters: unknown;
}

export interface HandshakeRequest {
  agentVersion: string;
  actions: RequestedAction[];
}

export interface SessionTypeParameters {
  sessionType: string;
  /** Port sessions: the document's properties (portNumber, type, localPortNumber, host); else null. */
  properties: Record<string, unknown> | null;
}

export interface KmsParameters {
  keyId: string;
  /** RandomChallenge (agent ≥ 3.3.808.0): base64 text, used verbatim in the KMS encryption context. */
  challenge?: string;
}

export interface ProcessedAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult: unknown;
  Error: string;
}

export class HandshakeError extends Error {
  override name = 'HandshakeError';
}

export function parseHandshakeRequest(payload: Buffer): HandshakeRequest {
  const body = parseJson(payload, 'HandshakeRequest') as { AgentVersion?: unknown; RequestedClientActions?: unknown };
  if (!Array.isArray(body.RequestedClientActions)) throw new HandshakeError('HandshakeRequest without RequestedClientActions');
  const actions = body.RequestedClientActions.map((a: unknown) => {
    const action = (a ?? {}) as Partial<RequestedAction>;
    if (typeof action.ActionType !== 'string') throw new HandshakeError('HandshakeRequest action without ActionType');
    return { ActionType: action.ActionType, ActionParameters: action.ActionParameters ?? null };
  });
  return { agentVersion: typeof body.AgentVersion === 'string' ? body.AgentVersion : '', actions };
}

export function sessionTypeParameters(action: RequestedAction): SessionTypeParameters {
  const p = (action.ActionParameters ?? {}) as { SessionType?: unknown; Properties?: unknown };
  if (typeof p.SessionType !== 'string') throw new HandshakeError('SessionType action without a SessionType');
  const props = p.Properties;
  return { sessionType: p.SessionType, properties: props && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : null };
}

export function kmsParameters(action: RequestedAction): KmsParameters {
  const p = (action.ActionParameters ?? {}) as { KMSKeyId?: unknown; Challenge?: unknown };
  if (typeof p.KMSKeyId !== 'string' || p.KMSKeyId === '') throw new HandshakeError('KMSEncryption action without a KMSKeyId');
  return { keyId: p.KMSKeyId, ...(typeof p.Challenge === 'string' && p.Challenge !== '' ? { challenge: p.Challenge } : {}) };
}

export function succeeded(actionType: string, result: unknown = null): ProcessedAction {
  return { ActionType: actionType, ActionStatus: ActionStatus.Success, ActionResult: result, Error: '' };
}

export function failed(actionType: string, error: string, status: number = ActionStatus.Failed): ProcessedAction {
  return { ActionType: actionType, ActionStatus: status, ActionResult: null, Error: error };
}

/** The HandshakeResponse payload, keys in the plugin's order. */
export function encodeHandshakeResponse(actions: ProcessedAction[], clientVersion = CLIENT_VERSION): Buffer {
  const errors = actions.filter((a) => a.ActionStatus !== ActionStatus.Success).map((a) => a.Error);
  return Buffer.from(JSON.stringify({ ClientVersion: clientVersion, ProcessedClientActions: actions, Errors: errors.length ? errors : null }));
}

export interface HandshakeComplete {
  customerMessage: string;
  /** Go Duration: nanoseconds. */
  timeToCompleteNs: number;
}

export function parseHandshakeComplete(payload: Buffer): HandshakeComplete {
  const body = parseJson(payload, 'HandshakeComplete') as { CustomerMessage?: unknown; HandshakeTimeToComplete?: unknown };
  return {
    customerMessage: typeof body.CustomerMessage === 'string' ? body.CustomerMessage : '',
    timeToCompleteNs: typeof body.HandshakeTimeToComplete === 'number' ? body.HandshakeTimeToComplete : 0,
  };
}

function parseJson(payload: Buffer, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HandshakeError(`${what} is not a JSON object`);
}
