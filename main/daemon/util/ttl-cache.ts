// A small TTL cache that also shares in-flight loads, so a burst of identical requests (the UI
// and the tray asking for the same fleet at once) costs one set of AWS calls.

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>, refresh = false): Promise<V> {
    const hit = this.entries.get(key);
    if (!refresh && hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const promise = load()
      .then((value) => {
        // A clear() during the load (e.g. a new identity) makes this result stale: don't keep it.
        if (generation === this.generation) this.entries.set(key, { value, at: this.now() });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.loading.clear();
  }
}
