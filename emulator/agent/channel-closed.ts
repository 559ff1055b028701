// The unsequenced channel_closed message the service sends when a session ends
// (docs/reference/ssm-data-channel.md §9). The plugin prints Output when it is not empty.
import { randomUUID } from 'node:crypto';
import { MessageType } from '../../main/daemon/ssm/frame';

export const IDLE_TIMEOUT_MESSAGE = 'Your session timed out due to inactivity and has been terminated.';

export function channelClosedPayload(session: { sessionId: string; target: string }, output: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      MessageId: randomUUID(),
      CreatedDate: new Date().toISOString(),
      DestinationId: session.target,
      SessionId: session.sessionId,
      MessageType: MessageType.ChannelClosed,
      SchemaVersion: 1,
      Output: output,
    }),
  );
}
