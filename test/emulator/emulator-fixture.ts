// Test support for the emulator's API tests: real AWS SDK clients pointed at a running emulator,
// scenario lookups by name, and a session agent that records what it was asked to host.
import { GameLiftClient, GetComputeAccessCommand } from '@aws-sdk/client-gamelift';
import { SSMClient } from '@aws-sdk/client-ssm';
import { KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import type { AgentSessionSpec, IssuedStream, SessionAgent, SessionStatus } from '../../emulator/agent/agent-api';
import type { Emulator } from '../../emulator/index';

type AnyEmulator = Pick<Emulator<SessionAgent>, 'region' | 'gameliftEndpoint' | 'ssmEndpoint' | 'kmsEndpoint' | 'credentials' | 'scenario'>;

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Clients make one attempt, so a test sees the emulator's first answer (no SDK retries). */
export function gameLift(emu: AnyEmulator, overrides: Partial<ConstructorParameters<typeof GameLiftClient>[0] & object> = {}): GameLiftClient {
  return new GameLiftClient({ region: emu.region, endpoint: emu.gameliftEndpoint, credentials: emu.credentials, maxAttempts: 1, ...overrides });
}

export function ssm(emu: AnyEmulator, credentials: Creds, region = emu.region): SSMClient {
  return new SSMClient({ region, endpoint: emu.ssmEndpoint, credentials, maxAttempts: 1 });
}

export function kms(emu: AnyEmulator, credentials: Creds, region = emu.region): KMSClient {
  return new KMSClient({ region, endpoint: emu.kmsEndpoint, credentials, maxAttempts: 1 });
}

export function fleetId(emu: AnyEmulator, name: string): string {
  const fleet = emu.scenario.fleets.find((f) => f.name === name);
  if (!fleet) throw new Error(`no fleet named ${name} in the scenario`);
  return fleet.fleetId;
}

/** GetComputeAccess, returned as SDK credentials. */
export async function computeCredentials(emu: AnyEmulator, fleet: string, computeName: string): Promise<Creds> {
  const out = await gameLift(emu).send(new GetComputeAccessCommand({ FleetId: fleetId(emu, fleet), ComputeName: computeName }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** Rejects with the SDK error; returns it for further assertions. */
export async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** A SessionAgent that hosts nothing and remembers each spec, for assertions on what StartSession asked for. */
export class RecordingAgent implements SessionAgent {
  readonly specs: AgentSessionSpec[] = [];
  private readonly statuses = new Map<string, SessionStatus>();

  start(spec: AgentSessionSpec): IssuedStream {
    this.specs.push(spec);
    this.statuses.set(spec.sessionId, 'Connected');
    return this.issue(spec.sessionId);
  }

  resume(sessionId: string): IssuedStream | null {
    const status = this.statuses.get(sessionId);
    return status && status !== 'Terminated' ? this.issue(sessionId) : null;
  }

  terminate(sessionId: string): boolean {
    if (this.statuses.get(sessionId) !== 'Connected') return false;
    this.statuses.set(sessionId, 'Terminated');
    return true;
  }

  status(sessionId: string): SessionStatus | undefined {
    return this.statuses.get(sessionId);
  }

  async close(): Promise<void> {}

  private issue(sessionId: string): IssuedStream {
    return { streamUrl: `ws://127.0.0.1:9/v1/data-channel/${sessionId}?role=publish_subscribe`, tokenValue: randomBytes(16).toString('hex') };
  }
}
