// A small CBOR codec (RFC 8949) for the Smithy RPC v2 CBOR protocol, written here rather than
// borrowed from the SDK so the emulator checks clients against an independent implementation.
// Covers what the protocol uses: integers, floats, strings, byte strings, arrays, maps, booleans,
// null, and tag 1 (epoch-seconds timestamps, which decode to and encode from Date).

const MAJOR = { uint: 0, negint: 1, bytes: 2, text: 3, array: 4, map: 5, tag: 6, simple: 7 } as const;

class Writer {
  private chunks: Buffer[] = [];

  header(major: number, n: number | bigint): void {
    const big = BigInt(n);
    const lead = major << 5;
    if (big < 24n) this.chunks.push(Buffer.from([lead | Number(big)]));
    else if (big <= 0xffn) this.chunks.push(Buffer.from([lead | 24, Number(big)]));
    else if (big <= 0xffffn) {
      const b = Buffer.alloc(3);
      b[0] = lead | 25;
      b.writeUInt16BE(Number(big), 1);
      this.chunks.push(b);
    } else if (big <= 0xffffffffn) {
      const b = Buffer.alloc(5);
      b[0] = lead | 26;
      b.writeUInt32BE(Number(big), 1);
      this.chunks.push(b);
    } else {
      const b = Buffer.alloc(9);
      b[0] = lead | 27;
      b.writeBigUInt64BE(big, 1);
      this.chunks.push(b);
    }
  }

  raw(b: Buffer): void {
    this.chunks.push(b);
  }

  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function encodeNumber(w: Writer, n: number): void {
  if (Number.isSafeInteger(n)) {
    if (n >= 0) w.header(MAJOR.uint, n);
    else w.header(MAJOR.negint, -1 - n);
    return;
  }
  const b = Buffer.alloc(9);
  b[0] = 0xfb;
  b.writeDoubleBE(n, 1);
  w.raw(b);
}

function encodeValue(w: Writer, value: unknown): void {
  if (value === null) return w.raw(Buffer.from([0xf6]));
  if (value === true || value === false) return w.raw(Buffer.from([value ? 0xf5 : 0xf4]));
  if (typeof value === 'number') return encodeNumber(w, value);
  if (typeof value === 'bigint') return value >= 0n ? w.header(MAJOR.uint, value) : w.header(MAJOR.negint, -1n - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    w.header(MAJOR.text, bytes.length);
    return w.raw(bytes);
  }
  if (value instanceof Uint8Array) {
    w.header(MAJOR.bytes, value.length);
    return w.raw(Buffer.from(value));
  }
  if (value instanceof Date) {
    w.header(MAJOR.tag, 1);
    return encodeNumber(w, value.getTime() / 1000);
  }
  if (Array.isArray(value)) {
    w.header(MAJOR.array, value.length);
    for (const item of value) encodeValue(w, item);
    return;
  }
  if (typeof value === 'object') {
    // Absent members are left out, as JSON.stringify leaves out undefined.
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    w.header(MAJOR.map, entries.length);
    for (const [k, v] of entries) {
      encodeValue(w, k);
      encodeValue(w, v);
    }
    return;
  }
  throw new TypeError(`cannot encode ${typeof value} as CBOR`);
}

export function encodeCbor(value: unknown): Buffer {
  const w = new Writer();
  encodeValue(w, value);
  return w.done();
}

const BREAK = Symbol('break');

class Reader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  get finished(): boolean {
    return this.at === this.buf.length;
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('truncated CBOR');
  }

  private argument(info: number): number | bigint | undefined {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (size === undefined) {
      if (info === 31) return undefined; // indefinite length
      throw new Error(`reserved CBOR additional info ${info}`);
    }
    this.need(size);
    const at = this.at;
    this.at += size;
    if (size === 1) return this.buf[at]!;
    if (size === 2) return this.buf.readUInt16BE(at);
    if (size === 4) return this.buf.readUInt32BE(at);
    const big = this.buf.readBigUInt64BE(at);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  private length(info: number): number | undefined {
    const n = this.argument(info);
    if (typeof n === 'bigint') throw new Error('CBOR length too large');
    return n;
  }

  private chunked(major: number, info: number): Buffer {
    const n = this.length(info);
    if (n !== undefined) {
      this.need(n);
      return this.buf.subarray(this.at, (this.at += n));
    }
    const parts: Buffer[] = [];
    for (;;) {
      const part = this.item();
      if (part === BREAK) return Buffer.concat(parts);
      if (major === MAJOR.text && typeof part === 'string') parts.push(Buffer.from(part, 'utf8'));
      else if (major === MAJOR.bytes && part instanceof Uint8Array) parts.push(Buffer.from(part));
      else throw new Error('bad chunk in indefinite-length CBOR string');
    }
  }

  item(): unknown {
    this.need(1);
    const initial = this.buf[this.at++]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case MAJOR.uint:
        return this.argument(info);
      case MAJOR.negint: {
        const n = this.argument(info)!;
        return typeof n === 'bigint' ? -1n - n : -1 - n;
      }
      case MAJOR.bytes:
        return new Uint8Array(this.chunked(major, info));
      case MAJOR.text:
        return this.chunked(major, info).toString('utf8');
      case MAJOR.array: {
        const n = this.length(info);
        const out: unknown[] = [];
        for (let i = 0; n === undefined || i < n; i++) {
          const v = this.item();
          if (v === BREAK) break;
          out.push(v);
        }
        return out;
      }
      case MAJOR.map: {
        const n = this.length(info);
        const out: Record<string, unknown> = {};
        for (let i = 0; n === undefined || i < n; i++) {
          const k = this.item();
          if (k === BREAK) break;
          if (typeof k !== 'string') throw new Error('CBOR map keys must be text');
          out[k] = this.item();
        }
        return out;
      }
      case MAJOR.tag: {
        const tag = this.argument(info);
        const value = this.item();
        return tag === 1 && typeof value === 'number' ? new Date(value * 1000) : value;
      }
      default:
        return this.simple(info);
    }
  }

  private simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return null;
      case 25: {
        this.need(2);
        const half = this.buf.readUInt16BE(this.at);
        this.at += 2;
        return halfToNumber(half);
      }
      case 26:
        this.need(4);
        return this.buf.readFloatBE((this.at += 4) - 4);
      case 27:
        this.need(8);
        return this.buf.readDoubleBE((this.at += 8) - 8);
      case 31:
        return BREAK;
      default:
        throw new Error(`unsupported CBOR simple value ${info}`);
    }
  }
}

function halfToNumber(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Decodes exactly one CBOR data item; trailing bytes are an error. */
export function decodeCbor(bytes: Buffer): unknown {
  const reader = new Reader(bytes);
  const value = reader.item();
  if (value === BREAK || !reader.finished) throw new Error('malformed CBOR');
  return value;
}
