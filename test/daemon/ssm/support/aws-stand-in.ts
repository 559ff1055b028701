// A stand-in for the AWS side of a session, for the SSM client's end-to-end tests: the emulator's
// agent (test/emulator/agent) behind a minimal SSM + KMS JSON 1.1 endpoint. It checks no
// signatures; it can refuse an access key as expired to exercise credential renewal.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { SSMClient } from '@aws-sdk/client-ssm';
import { KMSClient } from '@aws-sdk/client-kms';
import { DataChannelAgent } from '../../../emulator/agent/data-channel-agent';
import type { DataChannelAgentOptions } from '../../../emulator/agent/data-channel-agent';
import type { AgentSessionSpec } from '../../../emulator/agent/agent-api';

export const TARGET = 'i-0123456789abcdef0';

export interface StandInOptions {
  agent?: DataChannelAgentOptions;
  /** Overrides for every hosted session (agent version, port mapping, KMS, …). */
  spec?: Partial<AgentSessionSpec>;
  /** Sessions ask for KMS encryption with this stand-in's key. */
  kms?: boolean;
}

export interface StandIn {
  agent: DataChannelAgent;
  endpoint: string;
  /** Operations called, in order (e.g. 'StartSession', 'ResumeSession'). */
  calls: string[];
  sessionIds: string[];
  /** Access keys the endpoint answers with ExpiredTokenException. */
  expiredKeys: Set<string>;
  ssm(accessKeyId?: string): SSMClient;
  kmsClient(): KMSClient;
  close(): Promise<void>;
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const agent = await DataChannelAgent.listen({ pacingMs: 0, ...options.agent });
  const masterKey = randomBytes(32);
  const keyId = 'arn:aws:kms:us-west-2:111122223333:key/stand-in';
  const seal = (plain: Buffer, context: Record<string, string>) => {
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', masterKey, nonce).setAAD(contextBytes(context));
    return Buffer.concat([nonce, c.update(plain), c.final(), c.getAuthTag()]);
  };
  const open = (blob: Buffer, context: Record<string, string>) => {
    const d = createDecipheriv('aes-256-gcm', masterKey, blob.subarray(0, 12)).setAAD(contextBytes(context));
    d.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
  };
  const calls: string[] = [];
  const sessionIds: string[] = [];
  const expiredKeys = new Set<string>();

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    'AmazonSSM.StartSession': (input) => {
      const sessionId = `stand-in-${randomUUID()}`;
      sessionIds.push(sessionId);
      const issued = agent.start({
        sessionId,
        target: String(input.Target),
        ...(typeof input.DocumentName === 'string' ? { documentName: input.DocumentName } : {}),
        parameters: (input.Parameters ?? {}) as Record<string, string[]>,
        agentVersion: '3.3.808.0',
        shell: { program: '/bin/sh', args: [], env: { PS1: '$ ', HOME: '/tmp', PATH: process.env.PATH ?? '/usr/bin:/bin' } },
        os: 'linux',
        resolvePort: (port) => ({ host: '127.0.0.1', port }),
        ...(options.kms ? { kms: { keyId, decrypt: open } } : {}),
        ...options.spec,
      });
      return { SessionId: sessionId, StreamUrl: issued.streamUrl, TokenValue: issued.tokenValue };
    },
    'AmazonSSM.ResumeSession': (input) => {
      const issued = agent.resume(String(input.SessionId));
      return { SessionId: input.SessionId, ...(issued ? { StreamUrl: issued.streamUrl, TokenValue: issued.tokenValue } : {}) };
    },
    'AmazonSSM.TerminateSession': (input) => {
      agent.terminate(String(input.SessionId));
      return { SessionId: input.SessionId };
    },
    'TrentService.GenerateDataKey': (input) => {
      const plaintext = randomBytes(Number(input.NumberOfBytes ?? 32));
      const context = (input.EncryptionContext ?? {}) as Record<string, string>;
      return { KeyId: input.KeyId, Plaintext: plaintext.toString('base64'), CiphertextBlob: seal(plaintext, context).toString('base64') };
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const accessKey = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
        res.end(JSON.stringify(body));
      };
      calls.push(target.split('.')[1] ?? target);
      if (expiredKeys.has(accessKey)) return reply(400, { __type: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
      const operation = operations[target];
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: target });
      try {
        reply(200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>));
      } catch (error) {
        reply(400, { __type: 'ValidationException', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credentials = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'stand-in-secret', sessionToken: 'stand-in-token' });
  return {
    agent,
    endpoint,
    calls,
    sessionIds,
    expiredKeys,
    ssm: (accessKeyId = 'AKIDSTANDIN') => new SSMClient({ region: 'us-west-2', endpoint, credentials: credentials(accessKeyId), maxAttempts: 1 }),
    kmsClient: () => new KMSClient({ region: 'us-west-2', endpoint, credentials: credentials('AKIDSTANDIN'), maxAttempts: 1 }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}

function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))));
}
