// Collects every page of a NextToken-paged AWS list call.

export type PageFetcher<T> = (nextToken: string | undefined) => Promise<{ items: T[] | undefined; nextToken?: string | undefined }>;

/** A cap on pages, so a service that keeps returning tokens cannot loop us forever. */
const MAX_PAGES = 10_000;

export async function collectPages<T>(fetch: PageFetcher<T>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, nextToken } = await fetch(token);
    if (items) all.push(...items);
    if (!nextToken || nextToken === token) return all;
    token = nextToken;
  }
  return all;
}

/** Runs fn over items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
