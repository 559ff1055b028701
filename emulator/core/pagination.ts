// Opaque, tamper-evident NextTokens: the offset plus a fingerprint of the query they continue, sealed
// with an HMAC, so a forged token or one replayed against a different query is refused.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class Paginator {
  private readonly key = randomBytes(32);

  constructor(private readonly invalidToken: () => Error) {}

  /** One page of `items` after `token`; `query` names what is being listed (op + filters). */
  page<T>(items: readonly T[], query: unknown, limit: number, token: string | undefined): { items: T[]; nextToken?: string } {
    const start = token === undefined ? 0 : this.open(token, query);
    if (start > items.length) throw this.invalidToken();
    const end = start + limit;
    const page = items.slice(start, end);
    return end < items.length ? { items: page, nextToken: this.seal(end, query) } : { items: page };
  }

  /**
   * Like page(), for a list that grows while a client pages through it (newest first): the first
   * call fixes `asOf`, and the token carries it, so later pages continue the same snapshot.
   */
  pageAsOf<T>(items: (asOf: number) => readonly T[], query: unknown, limit: number, token: string | undefined, now: number): { items: T[]; nextToken?: string } {
    const asOf = token === undefined ? now : this.openAsOf(token, query);
    const list = items(asOf);
    const start = token === undefined ? 0 : this.open(token, [query, asOf]);
    if (start > list.length) throw this.invalidToken();
    const end = start + limit;
    return end < list.length ? { items: list.slice(start, end), nextToken: this.seal(end, [query, asOf]) } : { items: list.slice(start, end) };
  }

  private openAsOf(token: string, query: unknown): number {
    const body = this.verified(token);
    const q = JSON.parse(body.q) as unknown;
    if (!Array.isArray(q) || q.length !== 2 || JSON.stringify(q[0]) !== JSON.stringify(query) || typeof q[1] !== 'number') throw this.invalidToken();
    return q[1];
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  private seal(offset: number, query: unknown): string {
    const body = JSON.stringify({ o: offset, q: JSON.stringify(query) });
    return Buffer.concat([this.mac(body), Buffer.from(body)]).toString('base64url');
  }

  private open(token: string, query: unknown): number {
    const parsed = this.verified(token);
    if (parsed.q !== JSON.stringify(query)) throw this.invalidToken();
    return parsed.o;
  }

  private verified(token: string): { o: number; q: string } {
    const raw = Buffer.from(token, 'base64url');
    const mac = raw.subarray(0, 32);
    const body = raw.subarray(32).toString();
    const expected = this.mac(body);
    if (mac.length !== 32 || !timingSafeEqual(mac, expected)) throw this.invalidToken();
    return JSON.parse(body) as { o: number; q: string };
  }
}
