// Reads a .tar.gz all the way through to prove it is whole (gzip's CRC and length, every tar
// header's checksum, every member's size) and hands back its member names plus the contents of the
// few small members asked for. Understands what GNU tar writes: ustar headers, GNU long names
// ('L') and pax extended headers ('x' / 'g').
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

export interface TarListing {
  names: string[];
  /** The members asked for by name, read whole (they must be small). */
  contents: Map<string, Buffer>;
}

export class ArchiveError extends Error {}

interface Kept {
  name: string;
  parts: Buffer[];
  kind: 'file' | 'longname' | 'pax';
}

export async function readTarGz(path: string, want: ReadonlySet<string> = new Set(), maxWanted = 16 * 1024 * 1024): Promise<TarListing> {
  const names: string[] = [];
  const contents = new Map<string, Buffer>();
  let pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current member (plus padding) still to skip or keep. */
  let remaining = 0;
  let padding = 0;
  let keep = null as Kept | null;
  let nextName: string | null = null;
  let ended = false;

  const header = (block: Buffer): void => {
    if (block.every((b) => b === 0)) {
      ended = true;
      return;
    }
    const stored = parseOctal(block.subarray(148, 156));
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    if (stored !== sum) throw new ArchiveError('a tar header checksum does not match');
    const size = parseOctal(block.subarray(124, 136));
    const type = String.fromCharCode(block[156]!);
    const prefix = cString(block.subarray(345, 500));
    const ownName = cString(block.subarray(0, 100));
    const name = nextName ?? (prefix && block.subarray(257, 262).toString('latin1') === 'ustar' ? `${prefix}/${ownName}` : ownName);
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'L') keep = { name: '', parts: [], kind: 'longname' };
    else if (type === 'x') keep = { name: '', parts: [], kind: 'pax' };
    else {
      nextName = null;
      if (type !== 'g') names.push(name);
      keep = (type === '0' || type === '\0') && want.has(name) && size <= maxWanted ? { name, parts: [], kind: 'file' } : null;
    }
    if (size === 0) finishMember();
  };
  const finishMember = (): void => {
    if (!keep) return;
    const data = Buffer.concat(keep.parts);
    if (keep.kind === 'longname') nextName = cString(data);
    else if (keep.kind === 'pax') nextName = paxPath(data) ?? nextName;
    else contents.set(keep.name, data);
    keep = null;
  };

  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (!ended) {
        if (remaining > 0) {
          const take = Math.min(remaining, pending.length - at);
          if (take === 0) break;
          keep?.parts.push(pending.subarray(at, at + take));
          at += take;
          remaining -= take;
          if (remaining === 0) finishMember();
          continue;
        }
        if (padding > 0) {
          const skip = Math.min(padding, pending.length - at);
          if (skip === 0) break;
          at += skip;
          padding -= skip;
          continue;
        }
        if (pending.length - at < BLOCK) break;
        header(pending.subarray(at, at + BLOCK));
        at += BLOCK;
      }
      // Kept parts point into `pending`: copy them before it is replaced.
      if (keep) keep.parts = keep.parts.map((p) => Buffer.from(p));
      pending = Buffer.from(pending.subarray(at));
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`not a whole gzip stream (${(err as Error).message})`);
  } finally {
    source.destroy();
  }
  if (!ended || remaining > 0) throw new ArchiveError('the tar archive ends early');
  return { names, contents };
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError('a tar header has a malformed number');
  return parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** The `path` record of a pax header ("<length> path=<value>\n" records). */
function paxPath(data: Buffer): string | null {
  let at = 0;
  let path: string | null = null;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    at += length;
  }
  return path;
}
