// Issued secrets (AWS session credentials, SSH keys, RDP passwords) live in the OS keychain only
// while a session needs them: each has an expiry, and is removed when its session ends, when it
// expires, at stop(), and at the next start after a crash. Callers keep vault keys, never secrets.
import { randomBytes } from 'node:crypto';
import type { Keychain } from './keychain';
import { VaultIndex, type IndexEntry } from './vault-index';

export class Vault {
  private readonly entries = new Map<string, { expiresAt: number; timer: NodeJS.Timeout }>();

  private constructor(
    private readonly keychain: Keychain,
    private readonly index: VaultIndex,
    private readonly now: () => number,
  ) {}

  /** Opens the vault and sweeps whatever a previous process left (no session survives a restart). */
  static async open(keychain: Keychain, indexPath: string, now: () => number = Date.now): Promise<Vault> {
    const vault = new Vault(keychain, new VaultIndex(indexPath), now);
    await vault.sweepLeftovers();
    return vault;
  }

  /** Stores a secret until expiresAt and returns its key. */
  async put(label: string, secret: string, expiresAt: number): Promise<string> {
    const key = `${label}.${randomBytes(4).toString('hex')}`;
    await this.keychain.set(key, secret);
    const timer = setTimeout(() => void this.remove(key), Math.max(0, expiresAt - this.now()));
    timer.unref();
    this.entries.set(key, { expiresAt, timer });
    await this.saveIndex();
    return key;
  }

  /** Lends a secret to fn for the duration of the call; null when it is gone or expired. */
  async use<T>(key: string, fn: (secret: string) => Promise<T> | T): Promise<T | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    const secret = await this.keychain.get(key);
    return secret === null ? null : fn(secret);
  }

  async remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(key);
    await this.keychain.delete(key).catch(() => false);
    await this.saveIndex();
  }

  /** Removes every secret this vault holds (quit). */
  async wipe(): Promise<void> {
    for (const key of [...this.entries.keys()]) await this.remove(key);
    await this.sweepLeftovers();
  }

  private async sweepLeftovers(): Promise<void> {
    const stale = new Set<string>((await this.index.read()).map((e) => e.key));
    for (const account of await this.keychain.accounts()) stale.add(account);
    for (const key of stale) if (!this.entries.has(key)) await this.keychain.delete(key).catch(() => false);
    await this.saveIndex();
  }

  private saveIndex(): Promise<void> {
    const list: IndexEntry[] = [...this.entries].map(([key, e]) => ({ key, expiresAt: e.expiresAt }));
    return this.index.write(list);
  }
}
