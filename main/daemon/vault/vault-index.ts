// The vault's non-secret index: which keychain accounts a vault created and when they expire, so a
// later start can sweep what a dead process left behind. Never holds a secret.
//
// Each vault writes a file of its own, named after its owner process (pid and start time), next
// to the configured index path: `vault-index.json` → `vault-index.<pid>-<start>-<id>.json`. Two
// daemons sharing a data dir (the app and a CLI command, say) never write the same file, so
// neither can clobber the other's entries, and a sweep can tell a dead owner's file from a live
// one's by its name alone.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writePrivateFile } from '../util/private-file';
import type { Owner } from './owner';

export interface IndexEntry {
  key: string;
  expiresAt: number;
}

export interface IndexFile {
  path: string;
  /** null: a file from before owners were recorded (one shared `vault-index.json`). */
  owner: Owner | null;
}

const stem = (basePath: string) => basename(basePath).replace(/\.json$/, '');

/** This vault's own file beside basePath; the random part keeps two vaults of one process apart. */
export function ownIndexPath(basePath: string, owner: Owner): string {
  return join(dirname(basePath), `${stem(basePath)}.${owner.pid}-${owner.startTime}-${randomBytes(4).toString('hex')}.json`);
}

/** Every vault's index file beside basePath, with its owner. */
export async function listIndexFiles(basePath: string): Promise<IndexFile[]> {
  const prefix = `${stem(basePath)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(basePath));
  } catch {
    return [];
  }
  const files: IndexFile[] = [];
  for (const name of names) {
    const path = join(dirname(basePath), name);
    if (name === basename(basePath)) files.push({ path, owner: null });
    if (!name.startsWith(prefix)) continue;
    const owned = /^(\d+)-(\d*)-[0-9a-f]+\.json$/.exec(name.slice(prefix.length));
    if (owned) files.push({ path, owner: { pid: Number(owned[1]), startTime: owned[2] ?? '' } });
  }
  return files;
}

export async function readIndexFile(path: string): Promise<IndexEntry[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((e): e is IndexEntry => typeof e?.key === 'string' && typeof e?.expiresAt === 'number');
  } catch {
    return [];
  }
}

export async function removeIndexFile(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/** One vault's own index file. */
export class VaultIndex {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  read(): Promise<IndexEntry[]> {
    return readIndexFile(this.path);
  }

  /**
   * Writes are serialised and atomic (temp file + rename), readable by the user alone. A failed
   * write rejects its own caller; the queue goes on, so the next write can still record the truth.
   */
  write(entries: IndexEntry[]): Promise<void> {
    const body = JSON.stringify(entries);
    return this.enqueue(() => writePrivateFile(this.path, body));
  }

  /** Removes the file, after every write queued before. */
  remove(): Promise<void> {
    return this.enqueue(() => removeIndexFile(this.path));
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const done = this.writing.then(step);
    this.writing = done.catch(() => {});
    return done;
  }
}
