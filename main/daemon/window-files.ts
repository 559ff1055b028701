// What the window's Files panel needs beyond downloadFile/uploadFile, kept so that the window never
// decides a local path: downloads go to one downloads folder the daemon picks, "Show in folder"
// opens only folders of files this daemon wrote, and a browser's dropped file (web mode: bytes, no
// path) is staged in a private folder of the daemon's before it is uploaded.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MethodInput, MethodOutput } from '../../preload/contract';
import { DaemonError } from './errors';

type Result = MethodOutput<'downloadFile'>;

/** A staged upload may be at most this big: the drop is read whole by the page and sent in chunks. */
export const MAX_STAGED_BYTES = 256 * 1024 * 1024;
/** At most this many bytes per stageUpload call (a 1 MiB WebSocket frame holds its base64 and more). */
export const MAX_CHUNK_BYTES = 512 * 1024;
/** A staging file untouched this long is removed (a page closed mid-upload). */
const STAGING_IDLE_MS = 10 * 60_000;

/** The downloads folder: GAMELIFT_CONNECT_DOWNLOADS_DIR, else ~/Downloads (where browsers save too). */
export function downloadsFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.GAMELIFT_CONNECT_DOWNLOADS_DIR || join(homedir(), 'Downloads');
}

export interface WindowFilesDeps {
  downloadsDir: string;
  /** A private folder (the daemon's data dir) for staged uploads. */
  stagingDir: string;
  download: (input: MethodInput<'downloadFile'>) => Promise<Result>;
  upload: (input: MethodInput<'uploadFile'>) => Promise<Result>;
  /** The OS opener (xdg-open, open, explorer.exe) given a folder. */
  openFolder: (dir: string) => Promise<boolean>;
}

interface Staged {
  dir: string;
  file: string;
  bytes: number;
  timer: NodeJS.Timeout;
}

export class WindowFiles {
  /** Files this daemon wrote since it started: the only ones whose folder revealDownload opens. */
  private readonly written = new Set<string>();
  private readonly staged = new Map<string, Staged>();

  constructor(private readonly deps: WindowFilesDeps) {}

  /** Notes a file this daemon wrote (downloadFile, collectDiagnostics) so its folder may be shown. */
  noteWritten<T extends { path: string }>(result: T): T {
    this.written.add(result.path);
    return result;
  }

  async downloadToFolder(input: MethodInput<'downloadToFolder'>): Promise<Result> {
    await mkdir(this.deps.downloadsDir, { recursive: true, mode: 0o700 });
    return this.noteWritten(await this.deps.download({ ...input, localPath: this.deps.downloadsDir }));
  }

  async reveal(path: string): Promise<{ opened: boolean }> {
    if (!this.written.has(path)) {
      throw new DaemonError('NotFound', 'Only files this app downloaded can be shown in their folder.', 'Download the file again, then use Show in folder.');
    }
    const exists = await stat(path).catch(() => undefined);
    if (!exists) throw new DaemonError('NotFound', `${path} is no longer there.`, 'It was moved or deleted since it was downloaded.');
    return { opened: await this.deps.openFolder(dirname(path)) };
  }

  async stage({ stagingId, name, offset, data }: MethodInput<'stageUpload'>): Promise<{ bytes: number }> {
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > MAX_CHUNK_BYTES) throw new DaemonError('InvalidInput', `At most ${MAX_CHUNK_BYTES / 1024} KiB per stageUpload call.`);
    if (offset === 0) await this.drop(stagingId);
    const current = this.staged.get(stagingId);
    if (offset !== (current?.bytes ?? 0)) {
      throw new DaemonError('InvalidInput', `Staged upload ${stagingId} holds ${current?.bytes ?? 0} bytes, not ${offset}.`, 'Send the file again from the start.');
    }
    if (offset + bytes.length > MAX_STAGED_BYTES) {
      await this.drop(stagingId);
      throw new DaemonError('InvalidInput', `Files dropped on the window may be at most ${MAX_STAGED_BYTES / 1024 / 1024} MiB.`, 'Use the desktop app, or `gamelift-connect put`, for bigger files.');
    }
    const entry = current ?? (await this.create(stagingId, name));
    const handle = await open(entry.file, 'a', 0o600);
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
    entry.bytes += bytes.length;
    entry.timer.refresh();
    return { bytes: entry.bytes };
  }

  async uploadStaged({ stagingId, ...rest }: MethodInput<'uploadStaged'>): Promise<Result> {
    const entry = this.staged.get(stagingId);
    if (!entry) throw new DaemonError('NotFound', `No staged upload ${stagingId}.`, 'It was removed after 10 minutes unused; drop the file again.');
    clearTimeout(entry.timer);
    try {
      return await this.deps.upload({ ...rest, localPath: entry.file });
    } finally {
      await this.drop(stagingId);
    }
  }

  /** Drops a staged upload still being sent (cancelTransfer with its ID); false if there is none. */
  async discard(stagingId: string): Promise<boolean> {
    if (!this.staged.has(stagingId)) return false;
    await this.drop(stagingId);
    return true;
  }

  /** Removes every staged file (the daemon stopping). */
  async close(): Promise<void> {
    await Promise.all([...this.staged.keys()].map((id) => this.drop(id)));
  }

  private async create(stagingId: string, name: string): Promise<Staged> {
    // A folder of its own keeps the dropped name (a remotePath ending in "/" uses it) without clashes.
    const dir = join(this.deps.stagingDir, `${stagingId}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const timer = setTimeout(() => void this.drop(stagingId), STAGING_IDLE_MS);
    timer.unref();
    const entry: Staged = { dir, file: join(dir, name), bytes: 0, timer };
    this.staged.set(stagingId, entry);
    return entry;
  }

  private async drop(stagingId: string): Promise<void> {
    const entry = this.staged.get(stagingId);
    if (!entry) return;
    this.staged.delete(stagingId);
    clearTimeout(entry.timer);
    await rm(entry.dir, { recursive: true, force: true });
  }
}
