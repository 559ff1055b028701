// One AWS JSON 1.1 endpoint: POST / with X-Amz-Target, SigV4-authenticated, answering
// {"__type","message"} errors with AWS's status codes and an x-amzn-RequestId on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AwsError } from './aws-error';
import { checkScope, parseAuthorization, verifySignature } from '../auth/sigv4';
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
}

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

function send(res: ServerResponse, requestId: string, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'x-amzn-RequestId': requestId,
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': String(payload.length),
    // SDKs correct their clock skew from this header after a skew error.
    Date: new Date().toUTCString(),
    ...extraHeaders,
  });
  res.end(payload);
}

function sendError(res: ServerResponse, requestId: string, error: AwsError): void {
  send(res, requestId, error.status, { __type: error.code, message: error.message }, { 'x-amzn-ErrorType': error.code });
}

export class JsonService {
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
    try {
      const body = await readBody(req);
      const ctx = this.authenticate(req, body, requestId);
      const result = await this.dispatch(req, body, ctx);
      send(res, requestId, 200, result ?? {});
    } catch (error) {
      if (error instanceof AwsError) return sendError(res, requestId, error);
      this.onUnexpected(error);
      sendError(res, requestId, new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500));
    }
  }

  private authenticate(req: IncomingMessage, body: Buffer, requestId: string): CallContext {
    const signed = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body };
    const auth = parseAuthorization(signed);
    checkScope(auth, this.definition.signingName, (r) => this.definition.regions().has(r), Date.now());
    const { secretAccessKey, caller } = this.credentials.resolve(auth.accessKeyId, auth.sessionToken);
    verifySignature(signed, auth, secretAccessKey);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(`${this.definition.targetPrefix}.`) ? target.slice(this.definition.targetPrefix.length + 1) : '';
    return { requestId, operation, region: auth.region, caller };
  }

  private async dispatch(req: IncomingMessage, body: Buffer, ctx: CallContext): Promise<unknown> {
    const handler = Object.hasOwn(this.definition.operations, ctx.operation) ? this.definition.operations[ctx.operation] : undefined;
    if (req.method !== 'POST' || req.url !== '/' || !handler) {
      throw new AwsError('UnknownOperationException', '');
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsError('SerializationException', 'Start of list found where not expected');
    }
    this.definition.admit?.(ctx);
    return handler(input as Record<string, unknown>, ctx);
  }
}
