// The AWS calls that turn "fleet + compute" into an SSM session target: DescribeCompute (for the
// Location Region), GetComputeAccess (credentials and, for containers, the Target), and SSM/KMS
// clients in that Region signed with the issued credentials. The daemon's access router does the
// same with caching, rate limiting and the keychain; this is the CLI's direct path.
import { DescribeComputeCommand, GetComputeAccessCommand } from '@aws-sdk/client-gamelift';
import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { KMSClient } from '@aws-sdk/client-kms';
import { gameLiftClient, kmsClientFor, ssmClientFor } from '../daemon/aws/clients';
import { awsFailure, UsageError } from './cli-error';
import type { GlobalOptions } from './global-options';

const FLEET_ID = /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/;
const COMPUTE_NAME = /^([a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?|arn:.*:compute\/[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?)$/;

export interface ComputeTarget {
  /** The StartSession Target. */
  target: string;
  /** The compute's Location Region, where the session runs. */
  region: string;
  ssm: SSMClient;
  kms: KMSClient;
  /** Issues fresh credentials (GetComputeAccess again) for ResumeSession after expiry. */
  refreshSsmClient: () => Promise<SSMClient>;
}

export function validateComputeIds(fleetId: string | undefined, computeName: string | undefined): { fleetId: string; computeName: string } {
  if (!fleetId || !computeName) throw new UsageError('expected <fleet-id> <compute-name>');
  if (fleetId.length > 512 || !FLEET_ID.test(fleetId)) throw new UsageError(`"${fleetId}" is not a fleet ID (fleet-… or containerfleet-…) or fleet ARN`);
  if (computeName.length > 1024 || !COMPUTE_NAME.test(computeName)) throw new UsageError(`"${computeName}" is not a compute name (an instance ID for EC2 fleets)`);
  return { fleetId, computeName };
}

export async function resolveComputeTarget(options: GlobalOptions, fleetId: string, computeName: string): Promise<ComputeTarget> {
  const gamelift = gameLiftClient({ profile: options.profile, region: options.region, endpoints: options.endpoints });
  const context = { service: 'gamelift' as const, fleetId, computeName, region: options.region, profile: options.profile };
  const described = await gamelift.send(new DescribeComputeCommand({ FleetId: fleetId, ComputeName: computeName })).catch((error: unknown) => awsFailure(error, { ...context, operation: 'DescribeCompute' }));
  const region = described.Compute?.Location ?? options.region;
  const issue = async () => {
    const access = await getAccess(gamelift, fleetId, computeName).catch((error: unknown) => awsFailure(error, { ...context, operation: 'GetComputeAccess' }));
    return { ...access, ssm: ssmClientFor(region, access.credentials, options.endpoints) };
  };
  const first = await issue();
  return {
    target: first.target,
    region,
    ssm: first.ssm,
    kms: kmsClientFor(region, first.credentials, options.endpoints),
    refreshSsmClient: async () => (await issue()).ssm,
  };
}

async function getAccess(gamelift: GameLiftClient, fleetId: string, computeName: string) {
  const out = await gamelift.send(new GetComputeAccessCommand({ FleetId: fleetId, ComputeName: computeName }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`GetComputeAccess returned no credentials for ${computeName}`);
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    // Container fleets: the host instance; EC2 fleets: the compute name is the instance id.
    target: out.Target ?? out.ComputeName ?? computeName,
  };
}
