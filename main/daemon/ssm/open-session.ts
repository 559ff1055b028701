// StartSession plus the data channel: the one sequence every session kind begins with. If the
// channel cannot be opened the session is terminated at once, so no zombie session is left behind.
import { StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { KMSClient } from '@aws-sdk/client-kms';
import { DataChannel } from './data-channel';
import type { DataChannelOptions } from './data-channel';
import type { ReliableChannelOptions } from './reliable-channel';
import type { ReadFlowOptions } from '../util/read-flow';

export interface SessionTarget {
  /**
   * An SSMClient in the compute's Location Region, signing with the credentials GetComputeAccess
   * issued: the session's one client, its credential provider read at every call (see DataChannelOptions.ssm).
   */
  ssm: SSMClient;
  /** The StartSession Target: the instance id, or GetComputeAccess's Target for a container fleet. */
  target: string;
  /** For KMS-encrypted sessions (the agent decides; the client follows). */
  kms?: KMSClient;
  reason?: string;
  log?: (message: string) => void;
  reliability?: ReliableChannelOptions;
  receiveFlow?: ReadFlowOptions;
}

export interface SessionDocument {
  documentName?: string;
  parameters?: Record<string, string[]>;
}

export async function openSession(
  target: SessionTarget,
  document: SessionDocument,
  channelOptions: Pick<DataChannelOptions, 'assumePlainAfterMs'> = {},
): Promise<DataChannel> {
  const started = await target.ssm.send(new StartSessionCommand({
    Target: target.target,
    ...(document.documentName ? { DocumentName: document.documentName } : {}),
    ...(document.parameters ? { Parameters: document.parameters } : {}),
    ...(target.reason ? { Reason: target.reason } : {}),
  }));
  if (!started.SessionId || !started.StreamUrl || !started.TokenValue) throw new Error('StartSession returned no SessionId, StreamUrl or TokenValue');
  const channel = new DataChannel({
    sessionId: started.SessionId,
    streamUrl: started.StreamUrl,
    tokenValue: started.TokenValue,
    ssm: target.ssm,
    target: target.target,
    ...(target.kms ? { kms: target.kms } : {}),
    ...(target.log ? { log: target.log } : {}),
    ...(target.reliability ? { reliability: target.reliability } : {}),
    ...(target.receiveFlow ? { receiveFlow: target.receiveFlow } : {}),
    ...channelOptions,
  });
  try {
    await channel.open();
  } catch (error) {
    channel.close();
    await target.ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId })).catch((terminateError: unknown) => {
      target.log?.(`[${started.SessionId}] TerminateSession after a failed open failed: ${terminateError instanceof Error ? terminateError.message : String(terminateError)}`);
    });
    throw new Error(`could not open the data channel of session ${started.SessionId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return channel;
}
