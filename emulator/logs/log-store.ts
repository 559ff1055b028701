// The emulator's stand-in for the S3 bucket GameLift keeps logs in: an HTTP endpoint on 127.0.0.1
// serving objects at presigned URLs (S3's query-string SigV4 form: X-Amz-Algorithm, -Credential,
// -Date, -Expires, -SignedHeaders, -Signature). As on S3, a URL is good for X-Amz-Expires seconds
// (emulated time), a tampered one is SignatureDoesNotMatch and an expired one AccessDenied, both 403
// with S3's XML error body; a key that was never stored is 404 NoSuchKey.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorClock } from '../core/clock';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: number;
}

/** GameLift's presigned log URLs are valid for 15 minutes. */
export const PRESIGNED_URL_SECONDS = 15 * 60;

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export class LogStore {
  private readonly server: Server;
  private readonly objects = new Map<string, () => StoredObject>();
  private readonly key = randomBytes(32);
  private base = '';
  /** The access key the URLs name (GameLift's own, in its managed account). */
  private readonly accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly region: string,
    readonly bucket: string,
  ) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Stores an object (made when first downloaded, then kept). */
  put(key: string, make: () => StoredObject): void {
    if (this.objects.has(key)) return;
    let made: StoredObject | undefined;
    this.objects.set(key, () => (made ??= make()));
  }

  /** A URL that downloads `key` for the next 15 emulated minutes. */
  presign(key: string): string {
    const now = this.clock.now();
    const date = amzDate(now);
    const params = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${this.accessKeyId}/${date.slice(0, 8)}/${this.region}/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(PRESIGNED_URL_SECONDS),
      'X-Amz-SignedHeaders': 'host',
    });
    // The issue time in ms rides in the signature's input so time scaling keeps sub-second precision.
    params.set('X-Amz-Signature', this.sign(this.path(key), params, now));
    return `${this.base}${this.path(key)}?${params.toString()}&x-emulator-issued=${now}`;
  }

  private path(key: string): string {
    return `/${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private sign(path: string, params: URLSearchParams, issued: number): string {
    const fields = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders'].map((k) => `${k}=${params.get(k) ?? ''}`);
    return createHmac('sha256', this.key).update([path, ...fields, String(issued)].join('\n')).digest('hex');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fail = (status: number, code: string, message: string, extra = '') => {
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${randomUUID()}</HostId></Error>`;
      res.writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const q = url.searchParams;
    const signature = q.get('X-Amz-Signature');
    const issued = Number(q.get('x-emulator-issued'));
    if (!signature || !q.get('X-Amz-Credential') || !q.get('X-Amz-Date') || !Number.isFinite(issued)) return fail(403, 'AccessDenied', 'Access Denied');
    const expected = Buffer.from(this.sign(url.pathname, q, issued));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    const expires = Number(q.get('X-Amz-Expires'));
    if (this.clock.now() > issued + this.clock.real(expires * 1000)) {
      const expiredAt = new Date(Date.parse(isoOf(q.get('X-Amz-Date')!)) + expires * 1000).toISOString();
      return fail(403, 'AccessDenied', 'Request has expired', `<X-Amz-Expires>${expires}</X-Amz-Expires><Expires>${expiredAt}</Expires><ServerTime>${new Date().toISOString()}</ServerTime>`);
    }
    const key = decodeURIComponent(url.pathname.slice(this.bucket.length + 2));
    const make = url.pathname.startsWith(`/${this.bucket}/`) ? this.objects.get(key) : undefined;
    if (!make) return fail(404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${key}</Key>`);
    const object = make();
    res.writeHead(200, {
      'Content-Type': object.contentType,
      'Content-Length': String(object.body.length),
      ETag: `"${createHash('md5').update(object.body).digest('hex')}"`,
      'Last-Modified': new Date(object.lastModified).toUTCString(),
      'Accept-Ranges': 'bytes',
      'x-amz-request-id': requestId,
    });
    res.end(req.method === 'HEAD' ? undefined : object.body);
  }
}

const isoOf = (amz: string) => `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`;
