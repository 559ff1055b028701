// The Session Manager data-channel frame ("ClientMessage" / "AgentMessage"): a fixed 120-byte
// big-endian header followed by the payload. Layout and quirks: docs/reference/ssm-data-channel.md §3.
import { hash, randomUUID } from 'node:crypto';

/** The sender always writes 116: the offset of PayloadLength, which it does not count. */
export const HEADER_LENGTH = 116;
export const PAYLOAD_OFFSET = HEADER_LENGTH + 4;
const MESSAGE_TYPE_LENGTH = 32;

export const MessageType = {
  InputStreamData: 'input_stream_data',
  OutputStreamData: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
  AgentSessionState: 'agent_session_state',
} as const;

export const PayloadType = {
  Undefined: 0,
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

/** Values carried by a PayloadType.Flag payload (a 4-byte big-endian uint32). */
export const FlagValue = {
  DisconnectToPort: 1,
  TerminateSession: 2,
  ConnectToPortError: 3,
} as const;

/** Header Flags bits: the agent marks its sequence-0 frame SYN; acks carry SYN|FIN. */
export const HeaderFlags = { None: 0, Syn: 1, Fin: 2, Ack: 3 } as const;

export interface Frame {
  messageType: string;
  schemaVersion: number;
  /** Unix epoch milliseconds; never 0 on a valid frame. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Canonical lowercase UUID text. */
  messageId: string;
  payloadDigest: Buffer;
  payloadType: number;
  payload: Buffer;
}

export type FrameInit = Pick<Frame, 'messageType' | 'sequenceNumber' | 'payloadType' | 'payload'> &
  Partial<Pick<Frame, 'schemaVersion' | 'createdDate' | 'flags' | 'messageId'>>;

export class FrameError extends Error {
  override name = 'FrameError';
}

export function encodeFrame(init: FrameInit): Buffer {
  const payload = init.payload;
  const out = Buffer.alloc(PAYLOAD_OFFSET + payload.length);
  out.writeUInt32BE(HEADER_LENGTH, 0);
  const type = Buffer.from(init.messageType, 'ascii');
  if (type.length === 0 || type.length > MESSAGE_TYPE_LENGTH) throw new FrameError(`bad message type "${init.messageType}"`);
  out.fill(0x20, 4, 4 + MESSAGE_TYPE_LENGTH);
  type.copy(out, 4);
  out.writeUInt32BE(init.schemaVersion ?? 1, 36);
  writeUInt64(out, 40, init.createdDate ?? Date.now());
  out.writeBigInt64BE(BigInt(init.sequenceNumber), 48);
  writeUInt64(out, 56, init.flags ?? HeaderFlags.None);
  writeMessageId(out, 64, init.messageId ?? randomUUID());
  sha256(payload).copy(out, 80);
  out.writeUInt32BE(init.payloadType, 112);
  out.writeUInt32BE(payload.length, 116);
  payload.copy(out, PAYLOAD_OFFSET);
  return out;
}

/** Parses a frame the way the plugin and the agent do: fixed offsets, payload from HeaderLength + 4. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PAYLOAD_OFFSET) throw new FrameError(`frame too short: ${buf.length} bytes`);
  const headerLength = buf.readUInt32BE(0);
  const payloadStart = headerLength + 4;
  if (headerLength === 0 || payloadStart > buf.length) throw new FrameError(`bad header length ${headerLength}`);
  return {
    messageType: buf.toString('ascii', 4, 4 + MESSAGE_TYPE_LENGTH).replace(/\0/g, '').trim(),
    schemaVersion: buf.readUInt32BE(36),
    createdDate: Number(buf.readBigUInt64BE(40)),
    sequenceNumber: Number(buf.readBigInt64BE(48)),
    flags: Number(buf.readBigUInt64BE(56)),
    messageId: readMessageId(buf, 64),
    payloadDigest: Buffer.from(buf.subarray(80, 112)),
    payloadType: buf.readUInt32BE(112),
    payload: Buffer.from(buf.subarray(payloadStart)),
  };
}

/**
 * The plugin's receive-side validation (§3.2). Publication frames pass unchecked because the
 * service may send them with empty fields. Returns a reason, or null when the frame is acceptable.
 */
export function frameProblem(frame: Frame, options: { checkDigest: boolean } = { checkDigest: true }): string | null {
  if (frame.messageType === MessageType.StartPublication || frame.messageType === MessageType.PausePublication) return null;
  if (frame.messageType === '') return 'empty message type';
  if (frame.createdDate === 0) return 'created date is zero';
  if (options.checkDigest && frame.payload.length > 0 && !sha256(frame.payload).equals(frame.payloadDigest)) {
    return 'payload digest mismatch';
  }
  return null;
}

export interface AckBody {
  AcknowledgedMessageType: string;
  AcknowledgedMessageId: string;
  AcknowledgedMessageSequenceNumber: number;
  IsSequentialMessage: boolean;
}

/** An acknowledge frame for `acked`: header seq 0, Flags 3, PayloadType 0, keys in the plugin's order. */
export function encodeAck(acked: Pick<Frame, 'messageType' | 'messageId' | 'sequenceNumber'>, init: { messageId?: string; createdDate?: number } = {}): Buffer {
  const body: AckBody = {
    AcknowledgedMessageType: acked.messageType,
    AcknowledgedMessageId: acked.messageId,
    AcknowledgedMessageSequenceNumber: acked.sequenceNumber,
    IsSequentialMessage: true,
  };
  return encodeFrame({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    flags: HeaderFlags.Ack,
    payloadType: PayloadType.Undefined,
    payload: Buffer.from(JSON.stringify(body)),
    ...init,
  });
}

export function parseAck(frame: Frame): AckBody {
  const body = JSON.parse(frame.payload.toString('utf8')) as Partial<AckBody>;
  if (typeof body.AcknowledgedMessageSequenceNumber !== 'number') throw new FrameError('acknowledge without a sequence number');
  return body as AckBody;
}

export function flagPayload(flag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(flag, 0);
  return b;
}

/** A non-negative integer below 2^53 as a big-endian uint64, without a BigInt per frame. */
function writeUInt64(out: Buffer, offset: number, value: number): void {
  out.writeUInt32BE(Math.floor(value / 2 ** 32), offset);
  out.writeUInt32BE(value >>> 0, offset + 4);
}

const UUID_TEXT = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** MessageId halves are swapped on the wire: canonical bytes 8..15 first, then 0..7. */
function writeMessageId(out: Buffer, offset: number, uuid: string): void {
  if (!UUID_TEXT.test(uuid)) throw new FrameError(`bad message id "${uuid}"`);
  const hex = uuid.length === 36 ? uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18) + uuid.slice(19, 23) + uuid.slice(24) : uuid;
  out.write(hex.slice(16), offset, 8, 'hex');
  out.write(hex.slice(0, 16), offset + 8, 8, 'hex');
}

function readMessageId(buf: Buffer, offset: number): string {
  const high = buf.toString('hex', offset + 8, offset + 16); // canonical bytes 0..7
  const low = buf.toString('hex', offset, offset + 8); // canonical bytes 8..15
  return `${high.slice(0, 8)}-${high.slice(8, 12)}-${high.slice(12)}-${low.slice(0, 4)}-${low.slice(4)}`;
}

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}
