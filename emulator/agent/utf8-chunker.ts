// How the agent cuts pty output into frames (docs/reference/ssm-data-channel.md §8.1): reads of at
// most 1024 bytes, up to 3 held-back bytes of an unfinished character put in front of the next read
// (so a frame can reach 1027 bytes), and Go's decoder quirk: a rune it reports as RuneError (an
// invalid byte, or a literal U+FFFD) is passed on as its first byte only.
import { readChunks } from './session-plugin';

const RUNE_ERROR = 0xfffd;
const HOLD_BACK_WINDOW = 3;

export class Utf8Chunker {
  private held: Buffer = Buffer.alloc(0);

  /** Splits pty output into the frame payloads the agent would send (empty ones are skipped). */
  push(data: Buffer): Buffer[] {
    const payloads: Buffer[] = [];
    for (const read of readChunks(data)) {
      const payload = this.processRead(read);
      if (payload.length > 0) payloads.push(payload);
    }
    return payloads;
  }

  private processRead(read: Buffer): Buffer {
    const total = this.held.length > 0 ? Buffer.concat([this.held, read]) : read;
    this.held = Buffer.alloc(0);
    const out: Buffer[] = [];
    let segmentStart = 0;
    for (let i = 0; i < total.length; ) {
      const { rune, size } = decodeRune(total, i);
      if (rune !== RUNE_ERROR) {
        i += size;
        continue;
      }
      if (total.length - i <= HOLD_BACK_WINDOW) {
        // Possibly a character cut by the read: wait for the rest.
        this.held = Buffer.from(total.subarray(i));
        out.push(total.subarray(segmentStart, i));
        return Buffer.concat(out);
      }
      out.push(total.subarray(segmentStart, i + 1));
      i += size;
      segmentStart = i;
    }
    out.push(total.subarray(segmentStart));
    return Buffer.concat(out);
  }
}

/** Go's utf8.DecodeRune: invalid or incomplete input gives (RuneError, 1). */
export function decodeRune(bytes: Buffer, at: number): { rune: number; size: number } {
  const b0 = bytes[at]!;
  if (b0 < 0x80) return { rune: b0, size: 1 };
  const invalid = { rune: RUNE_ERROR, size: 1 };
  let size: number;
  let low = 0x80;
  let high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) size = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    if (b0 === 0xe0) low = 0xa0;
    if (b0 === 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    if (b0 === 0xf0) low = 0x90;
    if (b0 === 0xf4) high = 0x8f;
  } else return invalid;
  if (at + size > bytes.length) return invalid;
  const b1 = bytes[at + 1]!;
  if (b1 < low || b1 > high) return invalid;
  let rune = (b0 & (0xff >> (size + 1))) * 64 + (b1 & 0x3f);
  for (let k = 2; k < size; k++) {
    const b = bytes[at + k]!;
    if (b < 0x80 || b > 0xbf) return invalid;
    rune = rune * 64 + (b & 0x3f);
  }
  return { rune, size };
}
