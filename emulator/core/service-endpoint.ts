// One service endpoint, SigV4-authenticated, speaking AWS JSON 1.1 (POST / with X-Amz-Target) and,
// for services whose model offers it, Smithy RPC v2 CBOR (POST /service/<Service>/operation/<Op>).
// Errors carry AWS's status codes and {"__type","message"}; every response has an x-amzn-RequestId.
// Handlers return timestamps as Date; each protocol writes them its own way.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AwsError } from './aws-error';
import { checkScope, parseAuthorization, verifySignature } from '../auth/sigv4';
import { decodeCbor, encodeCbor } from './cbor';
import type { Caller, CredentialStore } from '../auth/credential-store';

export interface CallContext {
  requestId: string;
  operation: string;
  /** The Region the request was signed for. */
  region: string;
  caller: Caller;
}

export type Operation = (input: Record<string, unknown>, ctx: CallContext) => unknown;

export interface ServiceDefinition {
  /** SigV4 signing name, e.g. 'gamelift'. */
  signingName: string;
  /** X-Amz-Target prefix, e.g. 'GameLift'. */
  targetPrefix: string;
  /** Regions this endpoint answers for. */
  regions: () => ReadonlySet<string>;
  operations: Record<string, Operation>;
  /** Runs after authentication, before the operation (the rate limiter lives here). */
  admit?: (ctx: CallContext) => void;
  /** Set when the service model also lists smithy-rpc-v2-cbor (GameLift does since 2026). */
  rpcV2Cbor?: { serviceName: string; errorNamespace: string };
}

type Protocol = 'json' | 'cbor';

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new AwsError('SerializationException', 'Request body too large', 413));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON 1.1 timestamps are epoch seconds with a fraction. */
function toJson(value: unknown): Buffer {
  return Buffer.from(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : v;
    }),
  );
}

function send(res: ServerResponse, requestId: string, protocol: Protocol, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const payload = protocol === 'cbor' ? encodeCbor(body) : toJson(body);
  res.writeHead(status, {
    'x-amzn-RequestId': requestId,
    ...(protocol === 'cbor' ? { 'Content-Type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' } : { 'Content-Type': 'application/x-amz-json-1.1' }),
    'Content-Length': String(payload.length),
    // SDKs correct their clock skew from this header after a skew error.
    Date: new Date().toUTCString(),
    ...extraHeaders,
  });
  res.end(payload);
}

export class ServiceEndpoint {
  private readonly server: Server;

  constructor(
    private readonly definition: ServiceDefinition,
    private readonly credentials: CredentialStore,
    private readonly onUnexpected: (error: unknown) => void = (e) => console.error('[emulator]', e),
  ) {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const route = this.route(req);
    const protocol: Protocol = route.protocol;
    try {
      const body = await readBody(req);
      const ctx = this.authenticate(req, body, requestId, route.operation);
      const result = await this.dispatch(req, body, ctx, protocol);
      send(res, requestId, protocol, 200, result ?? {});
    } catch (caught) {
      let error = caught;
      if (!(error instanceof AwsError)) {
        this.onUnexpected(error);
        error = new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
      }
      const { code, message, status } = error as AwsError;
      const type = protocol === 'cbor' ? `${this.definition.rpcV2Cbor!.errorNamespace}#${code}` : code;
      send(res, requestId, protocol, status, { __type: type, message }, { 'x-amzn-ErrorType': code });
    }
  }

  /** Which protocol and operation a request is for, from its path, headers and target. */
  private route(req: IncomingMessage): { protocol: Protocol; operation: string | undefined } {
    const path = (req.url ?? '/').split('?')[0]!;
    const cbor = this.definition.rpcV2Cbor;
    const rpc = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(path);
    if (cbor && rpc && req.headers['smithy-protocol'] === 'rpc-v2-cbor') {
      return { protocol: 'cbor', operation: rpc[1] === cbor.serviceName ? rpc[2] : undefined };
    }
    if (path !== '/') return { protocol: 'json', operation: undefined };
    const target = String(req.headers['x-amz-target'] ?? '');
    const prefix = `${this.definition.targetPrefix}.`;
    return { protocol: 'json', operation: target.startsWith(prefix) ? target.slice(prefix.length) : undefined };
  }

  private authenticate(req: IncomingMessage, body: Buffer, requestId: string, operation: string | undefined): CallContext {
    const signed = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body };
    const auth = parseAuthorization(signed);
    checkScope(auth, this.definition.signingName, (r) => this.definition.regions().has(r), Date.now());
    const { secretAccessKey, caller } = this.credentials.resolve(auth.accessKeyId, auth.sessionToken);
    verifySignature(signed, auth, secretAccessKey);
    return { requestId, operation: operation ?? '', region: auth.region, caller };
  }

  private async dispatch(req: IncomingMessage, body: Buffer, ctx: CallContext, protocol: Protocol): Promise<unknown> {
    const handler = Object.hasOwn(this.definition.operations, ctx.operation) ? this.definition.operations[ctx.operation] : undefined;
    if (req.method !== 'POST' || !handler) throw new AwsError('UnknownOperationException', '');
    const input = protocol === 'cbor' ? parseCbor(body) : parseJson(body);
    this.definition.admit?.(ctx);
    return handler(input, ctx);
  }
}

function parseJson(body: Buffer): Record<string, unknown> {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AwsError('SerializationException', 'Start of list found where not expected');
  }
  return input as Record<string, unknown>;
}

function parseCbor(body: Buffer): Record<string, unknown> {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : decodeCbor(body);
  } catch (error) {
    throw new AwsError('SerializationException', `Malformed CBOR body: ${(error as Error).message}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input) || input instanceof Uint8Array || input instanceof Date) {
    throw new AwsError('SerializationException', 'The request body must be a CBOR map.');
  }
  return input as Record<string, unknown>;
}
