// The vault's non-secret index: which keychain accounts a vault created and when they expire, so a
// later start can sweep what a dead process left behind. Never holds a secret.
//
// Each vault writes a file of its own, named after its owner process (pid and start time), next
// to the configured index path: `vault-index.json` → `vault-index.<pid>-<start>-<id>.json`. Two
// daemons sharing a data dir (the app and a CLI command, say) never write the same file, so
// neither can clobber the other's entries, and a sweep can tell a dead owner's file from a live
// one's by its name alone.
import { readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writePrivateFile } from '../util/private-file';
import { settled } from '../util/settled';
import { parseOwnerTag, type Owner } from './owner';

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

/** A vault's own file beside basePath, named by its owner tag (owner.ts). */
export function ownIndexPath(basePath: string, tag: string): string {
  return join(dirname(basePath), `${stem(basePath)}.${tag}.json`);
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
    if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
    const owner = parseOwnerTag(name.slice(prefix.length, -'.json'.length));
    if (owner) files.push({ path, owner });
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
    this.writing = settled(done); // a failed write rejects its own caller; the queue goes on
    return done;
  }
}
