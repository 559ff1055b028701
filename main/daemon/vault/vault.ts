// Issued secrets (AWS session credentials, SSH keys, RDP passwords) live in the OS keychain only
// while a session needs them: each has an expiry, and is removed when its session ends, when it
// expires, at stop(), and at the next start after a crash. Callers keep vault keys, never secrets.
//
// Several daemons may share one keychain service and data dir (the app, plus a CLI command or web
// mode that starts its own). Every keychain account and index file is named after its owner
// process (owner.ts), each vault writes an index file of its own, and a vault that opens sweeps
// only what dead owners left: never a live daemon's secrets.
import { randomBytes } from 'node:crypto';
import { DaemonError } from '../errors';
import { quietLogger, type Logger } from '../log/logger';
import { settled } from '../util/settled';
import type { Keychain } from './keychain';
import { currentOwner, isAlive, ownerTag, parseOwnerTag, type Owner } from './owner';
import { listIndexFiles, ownIndexPath, readIndexFile, removeIndexFile, VaultIndex, type IndexEntry } from './vault-index';

const randomHex = () => randomBytes(4).toString('hex');
const closedError = () => new DaemonError('Unreachable', 'GameLift Connect is stopping; no new secret is stored.');

export class Vault {
  private readonly entries = new Map<string, { expiresAt: number; timer?: NodeJS.Timeout }>();
  /** keychain.set calls under way, by key: a removal waits until the item exists to delete it. */
  private readonly storing = new Map<string, Promise<void>>();
  /** Removals under way, by key: wipe() returns only once they are done. */
  private readonly removing = new Map<string, Promise<void>>();
  private closed = false;

  private readonly owner: Owner = currentOwner();
  private readonly index: VaultIndex;

  private constructor(
    private readonly keychain: Keychain,
    indexPath: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.index = new VaultIndex(ownIndexPath(indexPath, ownerTag(this.owner, randomHex())));
  }

  /**
   * Opens the vault and sweeps whatever dead processes left (no session survives its daemon).
   * `indexPath` names the index; each vault writes its own file beside it (vault-index.ts).
   */
  static async open(keychain: Keychain, indexPath: string, log: Logger = quietLogger(), now: () => number = Date.now): Promise<Vault> {
    await sweepDeadOwners(keychain, indexPath, log);
    return new Vault(keychain, indexPath, log, now);
  }

  /** This vault's own index file. */
  get indexPath(): string {
    return this.index.path;
  }

  /** Stores a secret until expiresAt and returns its key. Refused once wipe() has begun. */
  async put(label: string, secret: string, expiresAt: number): Promise<string> {
    if (this.closed) throw closedError();
    const key = `${label}.${ownerTag(this.owner, randomHex())}`;
    const entry: { expiresAt: number; timer?: NodeJS.Timeout } = { expiresAt };
    this.entries.set(key, entry);
    // The index claims the key before the keychain item exists, so that even where the keychain
    // cannot be listed, a crash at any point leaves every secret of ours findable by a sweep.
    const stored = this.saveIndex().then(() => this.keychain.set(key, secret));
    this.storing.set(key, settled(stored)); // its failure is put()'s caller's, just below
    try {
      await stored;
    } catch (err) {
      this.storing.delete(key);
      await this.remove(key).catch((removeErr: unknown) => this.log.warn('vault', 'could not clean up after a failed put', { key }, removeErr));
      throw err;
    }
    this.storing.delete(key);
    // wipe() began while the item was being created: it is being removed with the rest.
    if (this.closed) {
      await this.remove(key);
      throw closedError();
    }
    // Armed once the secret exists, so its caller gets the key of a secret that is there (unless
    // storing it took longer than its whole lifetime).
    if (this.entries.get(key) === entry) {
      const expire = () => void this.remove(key).catch((err: unknown) => this.log.warn('vault', 'could not remove an expired secret', { key }, err));
      entry.timer = setTimeout(expire, Math.max(0, expiresAt - this.now()));
      entry.timer.unref();
    }
    return key;
  }

  /** Lends a secret to fn for the duration of the call; null when it is gone or expired. */
  async use<T>(key: string, fn: (secret: string) => Promise<T> | T): Promise<T | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    const secret = await this.keychain.get(key);
    return secret === null ? null : fn(secret);
  }

  /** Deletes the secret; resolves once the keychain no longer holds it (also when a put of it was under way). */
  remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return this.removing.get(key) ?? Promise.resolve();
    clearTimeout(entry.timer);
    this.entries.delete(key);
    const removal = (async () => {
      await this.storing.get(key);
      // A keychain that refuses is logged, not thrown: the index still drops the key and the sweep
      // at the next start tries again (the key names this owner, dead by then).
      await this.keychain.delete(key).catch((err: unknown) => this.log.warn('vault', 'could not delete a keychain item', { key }, err));
      await this.saveIndex();
    })();
    this.removing.set(key, removal);
    void settled(removal).finally(() => this.removing.delete(key)); // its failure is remove()'s caller's
    return removal;
  }

  /**
   * Removes every secret this vault holds, including any whose put is under way, and its index
   * file (quit). Later puts are refused. Other vaults' secrets are not touched.
   */
  async wipe(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.storing.values());
    await Promise.allSettled([...this.entries.keys()].map((key) => this.remove(key)));
    await Promise.allSettled(this.removing.values());
    await this.index.remove();
  }

  private saveIndex(): Promise<void> {
    const list: IndexEntry[] = [...this.entries].map(([key, e]) => ({ key, expiresAt: e.expiresAt }));
    return this.index.write(list);
  }
}

/** The owner named in a vault key (`<label>.<owner tag>`); null for a key from before owners were recorded. */
const ownerOfKey = (key: string): Owner | null => parseOwnerTag(key.slice(key.lastIndexOf('.') + 1));

/**
 * Deletes the secrets of owners that no longer run, found two ways: the service's keychain
 * accounts (each names its owner) and dead owners' index files (for what a listing may miss);
 * then those files. A key with no owner in its name comes from an older version and is swept too.
 */
async function sweepDeadOwners(keychain: Keychain, indexPath: string, log: Logger): Promise<void> {
  const isLive = (key: string) => {
    const owner = ownerOfKey(key);
    return owner !== null && isAlive(owner);
  };
  const listed = await keychain.accounts().catch((err: unknown) => {
    log.warn('vault', 'could not list the keychain service for the sweep (index files still are)', {}, err);
    return [] as string[];
  });
  const stale = new Set(listed.filter((key) => !isLive(key)));
  const deadFiles: string[] = [];
  for (const file of await listIndexFiles(indexPath)) {
    if (file.owner && isAlive(file.owner)) continue;
    deadFiles.push(file.path);
    for (const e of await readIndexFile(file.path)) if (!isLive(e.key)) stale.add(e.key);
  }
  for (const key of stale) await keychain.delete(key).catch((err: unknown) => log.warn('vault', 'sweep: could not delete a dead owner\'s keychain item', { key }, err));
  for (const path of deadFiles) await removeIndexFile(path).catch((err: unknown) => log.warn('vault', 'sweep: could not remove a dead owner\'s index file', { path }, err));
  if (stale.size > 0) log.info('vault', 'swept what dead owners left', { secrets: stale.size, indexFiles: deadFiles.length });
}
