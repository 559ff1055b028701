// A compute of an emulator running in a child process: SSM clients signed with the credentials
// GetComputeAccess issued, as the CLI and the daemon get them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GameLiftClient, GetComputeAccessCommand } from '@aws-sdk/client-gamelift';
import { SSMClient } from '@aws-sdk/client-ssm';

export const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
export const TARGET = 'i-0a1f5c2e9b7d30001';
export const REMOTE_PORT = 7777;

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

export interface Endpoints {
  region: string;
  gameliftEndpoint: string;
  ssmEndpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface BenchCompute {
  ssm(): Promise<SSMClient>;
  close(): Promise<void>;
}

export interface BenchComputeOptions {
  pacingMs: number;
  /** The instance-side port REMOTE_PORT forwards to (127.0.0.1 in this process). */
  remoteTo?: number;
  /** The agent's unacked-frame buffer (100,000 on AWS, the emulator's default). */
  outgoingBufferCapacity?: number;
}

export interface BenchEmulator {
  endpoints: Endpoints;
  close(): Promise<void>;
}

/** The emulator in a child process (its own event loop and core), with its endpoints. */
export async function startBenchEmulator(options: BenchComputeOptions): Promise<BenchEmulator> {
  const config = {
    pacingMs: options.pacingMs,
    ...(options.outgoingBufferCapacity !== undefined ? { outgoingBufferCapacity: options.outgoingBufferCapacity } : {}),
    ...(options.remoteTo ? { ports: { [TARGET]: { [REMOTE_PORT]: { host: '127.0.0.1', port: options.remoteTo } } } } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    endpoints: JSON.parse(line) as Endpoints,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      await exited;
    },
  };
}

export async function startBenchCompute(options: BenchComputeOptions): Promise<BenchCompute> {
  const emulator = await startBenchEmulator(options);
  const { endpoints } = emulator;
  const gamelift = new GameLiftClient({ region: endpoints.region, endpoint: endpoints.gameliftEndpoint, credentials: endpoints.credentials });
  const issue = async () => {
    const c = (await gamelift.send(new GetComputeAccessCommand({ FleetId: FLEET, ComputeName: TARGET }))).Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  };
  return {
    ssm: async () => new SSMClient({ region: endpoints.region, endpoint: endpoints.ssmEndpoint, credentials: await issue() }),
    async close() {
      gamelift.destroy();
      await emulator.close();
    },
  };
}
