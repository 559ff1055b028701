// Downloads a presigned log URL (GetGameSessionLogUrl, a fleet event's PreSignedLogUrl) to a file
// only the user may read: under the data dir by default, or where the user asked. The URL is a
// bearer credential for its object while it lasts: it is never logged, returned or put in an error.
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DaemonError } from '../errors';

/** Logs larger than this are refused (a game session's log zip is a few MB at most). */
const MAX_BYTES = 1024 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

export interface Downloaded {
  path: string;
  bytes: number;
  contentType?: string;
}

/** Why a download failed; `expired`: the URL's time is up, and a fresh one may succeed. */
export class DownloadFailed extends DaemonError {
  constructor(
    message: string,
    readonly expired: boolean,
  ) {
    super('Unreachable', message, expired ? 'The log link expired; ask again for a fresh one.' : 'Check your network connection, proxy or VPN, and try again.');
  }
}

/**
 * Where a download goes: the user's absolute path of a new file, or a folder (theirs, or
 * `<downloadsDir>`, where a download of the same log replaces the last) where the file is named
 * once its content type is known.
 */
export async function targetPath(requested: string | undefined, downloadsDir: string): Promise<{ file: string } | { dir: string }> {
  if (requested === undefined) {
    await mkdir(downloadsDir, { recursive: true, mode: 0o700 });
    return { dir: downloadsDir };
  }
  if (!isAbsolute(requested)) throw new DaemonError('InvalidInput', `Save logs to an absolute path (got ${requested}).`);
  const existing = await stat(requested).catch(() => undefined);
  if (existing?.isDirectory()) return { dir: requested };
  // A log never replaces a file of the user's (an API caller cannot overwrite ~/.bashrc with one).
  if (existing) throw new DaemonError('InvalidInput', `${requested} already exists; name a new file or a folder.`);
  return { file: requested };
}

/** A name safe on every platform, from IDs: letters, digits, '-', '.' and '_' only. */
export const safeName = (...parts: string[]): string => parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-');

/** The extension a log's content type calls for. */
export function extensionFor(contentType: string | undefined, fallback: string): string {
  if (!contentType) return fallback;
  if (/zip/i.test(contentType)) return '.zip';
  if (/^text\//i.test(contentType)) return '.log';
  if (/gzip/i.test(contentType)) return '.gz';
  return fallback;
}

/**
 * GETs `url` into `path` (0600; written to a temp file beside it, then renamed, so a failed download
 * leaves nothing half-written). `name(contentType)` may change the file name once the type is known.
 */
export async function downloadLog(url: string, path: (contentType: string | undefined) => string): Promise<Downloaded> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  } catch (err) {
    const reason = (err as { name?: string }).name === 'TimeoutError' ? 'it took too long' : 'the connection failed';
    throw new DownloadFailed(`Could not download the log: ${reason}.`, false);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    const code = /<Code>([^<]{1,64})<\/Code>/.exec(body)?.[1] ?? '';
    const expired = response.status === 403 && /expired/i.test(body);
    throw new DownloadFailed(`Could not download the log: HTTP ${response.status}${code ? ` ${code}` : ''}${expired ? ' (the link expired)' : ''}.`, expired);
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new DaemonError('Unsupported', `The log is ${length} bytes, more than the ${MAX_BYTES} the app saves.`);
  const final = path(contentType);
  const tmp = `${final}.${process.pid}.part`;
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > MAX_BYTES ? new DaemonError('Unsupported', `The log is larger than the ${MAX_BYTES} bytes the app saves.`) : null, chunk);
    },
  });
  try {
    if (!response.body) throw new DownloadFailed('Could not download the log: the answer had no body.', false);
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), count, createWriteStream(tmp, { mode: 0o600 }));
    await chmod(tmp, 0o600);
    await rename(tmp, final);
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof DaemonError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR') {
      throw new DaemonError('InvalidInput', `Could not save the log to ${final}: ${code === 'ENOENT' ? 'its folder does not exist' : 'not allowed there'}.`);
    }
    throw new DownloadFailed('Could not download the log: the transfer broke off.', false);
  }
  return { path: final, bytes, ...(contentType ? { contentType } : {}) };
}
