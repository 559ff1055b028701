// The vault's non-secret index: which keychain accounts this app created and when they expire,
// so a start after a crash can sweep what the dead process left behind. Never holds a secret.
import { readFile } from 'node:fs/promises';
import { writePrivateFile } from '../util/private-file';

export interface IndexEntry {
  key: string;
  expiresAt: number;
}

export class VaultIndex {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async read(): Promise<IndexEntry[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((e): e is IndexEntry => typeof e?.key === 'string' && typeof e?.expiresAt === 'number');
    } catch {
      return [];
    }
  }

  /**
   * Writes are serialised and atomic (temp file + rename), readable by the user alone. A failed
   * write rejects its own caller; the queue goes on, so the next write can still record the truth.
   */
  write(entries: IndexEntry[]): Promise<void> {
    const body = JSON.stringify(entries);
    const written = this.writing.then(() => writePrivateFile(this.path, body));
    this.writing = written.catch(() => {});
    return written;
  }
}
