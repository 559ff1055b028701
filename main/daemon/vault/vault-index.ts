// The vault's non-secret index: which keychain accounts this app created and when they expire,
// so a start after a crash can sweep what the dead process left behind. Never holds a secret.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

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

  /** Writes are serialised and atomic (temp file + rename), readable by the user alone. */
  write(entries: IndexEntry[]): Promise<void> {
    const body = JSON.stringify(entries);
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, this.path);
    });
    return this.writing;
  }
}
