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

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  private seal(offset: number, query: unknown): string {
    const body = JSON.stringify({ o: offset, q: JSON.stringify(query) });
    return Buffer.concat([this.mac(body), Buffer.from(body)]).toString('base64url');
  }

  private open(token: string, query: unknown): number {
    const raw = Buffer.from(token, 'base64url');
    const mac = raw.subarray(0, 32);
    const body = raw.subarray(32).toString();
    const expected = this.mac(body);
    if (mac.length !== 32 || !timingSafeEqual(mac, expected)) throw this.invalidToken();
    const parsed = JSON.parse(body) as { o: number; q: string };
    if (parsed.q !== JSON.stringify(query)) throw this.invalidToken();
    return parsed.o;
  }
}
