// Pure helpers of the Files panel (covered by test/renderer/files-format.test.ts): remote paths,
// the listing's order, and a transfer's rate and time left.
import type { ConnectError, MethodOutput } from '../../preload/contract';
import { formatBytes } from './format';

export type DirEntry = MethodOutput<'listDirectory'>['entries'][number];

/** Folders first, then by name as a person reads it ("file2" before "file10"). */
export function sortEntries(entries: readonly DirEntry[]): DirEntry[] {
  const rank = (e: DirEntry) => (e.type === 'directory' ? 0 : 1);
  return [...entries].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) || (a.name < b.name ? -1 : 1));
}

/** A child of a remote (POSIX) folder. */
export function childPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The folder above a remote path; "/" stays "/". */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

/** The breadcrumb of an absolute remote path: "/" then each folder, each with the path it opens. */
export function breadcrumbs(path: string): Array<{ name: string; path: string }> {
  const crumbs = [{ name: '/', path: '/' }];
  let at = '';
  for (const part of path.split('/').filter(Boolean)) {
    at += `/${part}`;
    crumbs.push({ name: part, path: at });
  }
  return crumbs;
}

/** "1.5 MB/s"; nothing until a rate is known. */
export function formatRate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null || !Number.isFinite(bytesPerSecond) ? '' : `${formatBytes(bytesPerSecond)}/s`;
}

/** Time left: "12 s left", "3 min left", "1 h 05 min left"; nothing when it cannot be told. */
export function formatEta(bytes: number, total: number, bytesPerSecond: number | null): string {
  if (!bytesPerSecond || bytesPerSecond <= 0 || total <= 0 || bytes >= total) return '';
  const seconds = Math.ceil((total - bytes) / bytesPerSecond);
  if (seconds < 60) return `${seconds} s left`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`;
}

/**
 * A transfer's rate over its last few seconds of progress (a whole-transfer average would hide a
 * stall; one sample's would jump about). Samples are (time ms, bytes so far), oldest first.
 */
export class RateMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = 3000) {}

  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or null before two samples a moment apart. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}

/** The daemon refused because the file is there already: the panel offers to overwrite it. */
export function isExistsError(error: Pick<ConnectError, 'code' | 'message'>): boolean {
  return error.code === 'InvalidInput' && / already exists( on the instance)?\.$/.test(error.message);
}

/** A modified time as the list shows it: date and time, local. */
export function formatModified(ms: number): string {
  return ms > 0 ? new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—';
}

/** Bytes as base64 without a Node Buffer (the renderer has none): chunked so large drops do not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
