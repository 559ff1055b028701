// One compute of the emulator (emulator/) as the SSM client's tests see it: SSM and KMS
// clients signed with the credentials GetComputeAccess issued for it, the agent hosting its data
// channels, and a way to renew the credentials as the daemon would.
import { SSMClient } from '@aws-sdk/client-ssm';
import { KMSClient } from '@aws-sdk/client-kms';
import { GameLiftClient, GetComputeAccessCommand } from '@aws-sdk/client-gamelift';
import { startEmulator } from '../../../../emulator/index';
import type { Emulator } from '../../../../emulator/index';
import type { DataChannelAgent, DataChannelAgentOptions } from '../../../../emulator/agent/data-channel-agent';
import type { AgentFaults } from '../../../../emulator/agent/faults';

export const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
export const TARGET = 'i-0a1f5c2e9b7d30001';
/** The instance port forward tests use; the emulator maps it to a local TCP service. */
export const REMOTE_PORT = 7777;

export interface ComputeOptions {
  /** Agent options; pacing defaults to 0 (unpaced) here. */
  agent?: DataChannelAgentOptions;
  /** Shells ask for KMS encryption (default false here). */
  kms?: boolean;
  agentVersion?: string;
  idleTimeoutMs?: number;
  /** Agent-wide data-channel faults. */
  faults?: AgentFaults;
  /** Where the instance's REMOTE_PORT really listens. */
  remoteTo?: number;
  /** Output settings of AWS-StartNonInteractiveCommand (separate stdout/stderr, EXIT_CODE). */
  nonInteractiveCommands?: { separateOutputStream?: boolean; stdOutSeparatorPrefix?: string; stdErrSeparatorPrefix?: string };
}

/** An SSM client built as the daemon builds one, and the hands on its credential source. */
export interface RenewableSsm {
  ssm: SSMClient;
  /** Times the client asked for fresh credentials (forceRefresh: AWS refused the current ones). */
  refreshes(): number;
  /** The daemon's scheduled renewal: fresh credentials in the source, nothing told to the client. Resolves with the new key ID. */
  renew(): Promise<string>;
}

export interface EmulatedCompute {
  emulator: Emulator<DataChannelAgent>;
  /** An SSM client with freshly issued compute credentials. */
  ssm(): Promise<SSMClient>;
  /** One SSM client for a session's life whose credential provider is read at every call and renews on forceRefresh, like the daemon's. */
  renewableSsm(): Promise<RenewableSsm>;
  kms(): Promise<KMSClient>;
  close(): Promise<void>;
}

export async function startCompute(options: ComputeOptions = {}): Promise<EmulatedCompute> {
  const agent: DataChannelAgentOptions = { pacingMs: 0, ...options.agent };
  const emulator = await startEmulator({
    agent,
    sessionManager: {
      kmsEncryption: options.kms ?? false,
      ...(options.agentVersion ? { agentVersion: options.agentVersion } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.nonInteractiveCommands ? { nonInteractiveCommands: options.nonInteractiveCommands } : {}),
    },
    // Tests issue credentials freely; the real limit (burst 4, 1/s) is the emulator's own test subject.
    faults: { accessRateLimit: { burst: 100, perSecond: 100 }, ...(options.faults ? { agent: options.faults } : {}) },
    ...(options.remoteTo ? { ports: { [TARGET]: { [REMOTE_PORT]: { host: '127.0.0.1', port: options.remoteTo } } } } : {}),
  });
  const gamelift = new GameLiftClient({ region: emulator.region, endpoint: emulator.gameliftEndpoint, credentials: emulator.credentials, maxAttempts: 1 });
  const issue = async () => {
    const out = await gamelift.send(new GetComputeAccessCommand({ FleetId: FLEET, ComputeName: TARGET }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  };
  return {
    emulator,
    ssm: async () => new SSMClient({ region: emulator.region, endpoint: emulator.ssmEndpoint, credentials: await issue(), maxAttempts: 1 }),
    async renewableSsm() {
      let current = await issue();
      let refreshes = 0;
      const provider = async (options?: { forceRefresh?: boolean }) => {
        if (options?.forceRefresh) {
          refreshes++;
          current = await issue();
        }
        return current;
      };
      return {
        // `memoized`: the SDK asks this provider before every request instead of caching its answer.
        ssm: new SSMClient({ region: emulator.region, endpoint: emulator.ssmEndpoint, credentials: Object.assign(provider, { memoized: true }), maxAttempts: 1 }),
        refreshes: () => refreshes,
        async renew() {
          current = await issue();
          return current.accessKeyId;
        },
      };
    },
    kms: async () => new KMSClient({ region: emulator.region, endpoint: emulator.kmsEndpoint, credentials: await issue(), maxAttempts: 1 }),
    async close() {
      gamelift.destroy();
      await emulator.close();
    },
  };
}

export function sessionStatus(compute: EmulatedCompute, sessionId: string): string {
  return String(compute.emulator.agent.status(sessionId));
}
