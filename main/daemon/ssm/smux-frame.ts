// smux protocol version 1 framing (xtaci/smux), carried as a byte stream inside Output payloads of a
// multiplexed port session. Header: ver(1) cmd(1) length(2, little-endian) streamId(4, little-endian).
// Frames are not aligned to data-channel messages, so decoding is incremental.

export const SMUX_VERSION = 1;
export const SMUX_HEADER_LENGTH = 8;
/** The length field is 16 bits. */
export const SMUX_MAX_FRAME_DATA = 32768;

export const SmuxCommand = { Syn: 0, Fin: 1, Psh: 2, Nop: 3 } as const;
export type SmuxCommand = (typeof SmuxCommand)[keyof typeof SmuxCommand];

export interface SmuxFrame {
  cmd: SmuxCommand;
  streamId: number;
  data: Buffer;
}

export function encodeSmuxFrame(cmd: SmuxCommand, streamId: number, data: Uint8Array = Buffer.alloc(0)): Buffer {
  if (data.length > SMUX_MAX_FRAME_DATA) throw new RangeError(`smux frame data over ${SMUX_MAX_FRAME_DATA} bytes`);
  const out = Buffer.alloc(SMUX_HEADER_LENGTH + data.length);
  out.writeUInt8(SMUX_VERSION, 0);
  out.writeUInt8(cmd, 1);
  out.writeUInt16LE(data.length, 2);
  out.writeUInt32LE(streamId, 4);
  out.set(data, SMUX_HEADER_LENGTH);
  return out;
}

export class SmuxProtocolError extends Error {
  override name = 'SmuxProtocolError';
}

/** Accumulates a byte stream and yields whole frames. */
export class SmuxDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): SmuxFrame[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: SmuxFrame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= SMUX_HEADER_LENGTH) {
      const version = this.pending.readUInt8(offset);
      const cmd = this.pending.readUInt8(offset + 1);
      if (version !== SMUX_VERSION) throw new SmuxProtocolError(`unsupported smux version ${version}`);
      if (cmd > SmuxCommand.Nop) throw new SmuxProtocolError(`unknown smux command ${cmd}`);
      const length = this.pending.readUInt16LE(offset + 2);
      if (this.pending.length - offset < SMUX_HEADER_LENGTH + length) break;
      const start = offset + SMUX_HEADER_LENGTH;
      frames.push({
        cmd: cmd as SmuxCommand,
        streamId: this.pending.readUInt32LE(offset + 4),
        // A view, not a copy: `pending` is this decoder's own buffer and is never written again.
        data: this.pending.subarray(start, start + length),
      });
      offset = start + length;
    }
    this.pending = this.pending.subarray(offset);
    return frames;
  }
}
