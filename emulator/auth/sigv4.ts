// SigV4 verification for header-signed requests, written from the AWS Signature Version 4 spec:
// rebuild the canonical request from what arrived, derive the signing key from the secret, and
// compare signatures in constant time. Checks run in the order AWS's front door applies them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/aws-error';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Raw request target as sent: path plus optional query string. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken?: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

const header = (req: SignedRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const incomplete = (message: string) => new AwsError('IncompleteSignatureException', message);
const invalidSignature = (message: string) => new AwsError('InvalidSignatureException', message);

/** Reads the Authorization header; the errors are the ones AWS gives for each missing piece. */
export function parseAuthorization(req: SignedRequest): ParsedAuthorization {
  const authorization = header(req, 'authorization');
  if (!authorization) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Unsupported algorithm in '${authorization.split(' ')[0]}'.`);
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
  if (missing.length > 0) {
    throw incomplete(missing.map((f) => `Authorization header requires '${f}' parameter.`).join(' ') + ` Authorization=${authorization.split(',')[0]}`);
  }
  const credential = fields.get('Credential')!.split('/');
  if (credential.length !== 5 || credential[4] !== 'aws4_request') {
    throw incomplete(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${fields.get('Credential')}'`);
  }
  const [accessKeyId, date, region, service] = credential as [string, string, string, string, string];
  const amzDate = header(req, 'x-amz-date');
  if (!amzDate) throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const sessionToken = header(req, 'x-amz-security-token');
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: fields.get('SignedHeaders')!.split(';'),
    signature: fields.get('Signature')!,
    amzDate,
    ...(sessionToken ? { sessionToken } : {}),
  };
}

const parseAmzDate = (amzDate: string): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
};

const formatAmzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The scope checks: service, Region, date consistency and clock skew (against real time). */
export function checkScope(auth: ParsedAuthorization, expectedService: string, isValidRegion: (r: string) => boolean, nowMs: number): void {
  if (auth.service !== expectedService) {
    throw invalidSignature(`Credential should be scoped to correct service: '${expectedService}'. `);
  }
  if (!isValidRegion(auth.region)) {
    throw invalidSignature(`Credential should be scoped to a valid region. `);
  }
  const signedAt = parseAmzDate(auth.amzDate);
  if (signedAt === undefined) {
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${auth.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  if (auth.amzDate.slice(0, 8) !== auth.date) {
    throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'.`);
  }
  if (signedAt < nowMs - MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(nowMs - MAX_SKEW_MS)} (${formatAmzDate(nowMs)} - 5 min.)`);
  }
  if (signedAt > nowMs + MAX_SKEW_MS) {
    throw invalidSignature(`Signature not yet current: ${auth.amzDate} is still later than ${formatAmzDate(nowMs + MAX_SKEW_MS)} (${formatAmzDate(nowMs)} + 5 min.)`);
  }
}

// RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 requires.
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalUri(path: string): string {
  // Non-S3 services encode each path segment once more on top of the wire encoding.
  return path.split('/').map(uriEncode).join('/') || '/';
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      return [uriEncode(k), uriEncode(v)] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const headers = signedHeaders.map((name) => `${name}:${(header(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  // The payload hash is always the body's own, never a header's claim about it.
  return [req.method, canonicalUri(path), canonicalQuery(query), headers, signedHeaders.join(';'), sha256Hex(req.body)].join('\n');
}

/** Throws InvalidSignatureException unless the signature matches `secretAccessKey`. */
export function verifySignature(req: SignedRequest, auth: ParsedAuthorization, secretAccessKey: string): void {
  if (!auth.signedHeaders.includes('host')) {
    throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const canonical = canonicalRequest(req, auth.signedHeaders);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, auth.amzDate, scope, sha256Hex(canonical)].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kSigning = hmac(hmac(hmac(kDate, auth.region), auth.service), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
}
