// Issues access to one compute along the fleet's route, through the shared rate limiter.
// The result holds a secret: callers put it in the vault at once and drop the object.
import { GetComputeAccessCommand, GetInstanceAccessCommand } from '@aws-sdk/client-gamelift';
import type { Container, Fleet, Target } from '../../../preload/contract';
import type { z } from 'zod';
import { isThrottling, mapAwsError } from '../aws/errors';
import { DaemonError } from '../errors';
import type { IdentitySnapshot } from '../identity/identity';
import type { RateLimiter } from './limiter';

export interface ComputeAccess {
  route: 'compute-access';
  /** STS session credentials for SSM in the compute's location Region. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  /** The SSM target: the compute name (EC2) or the host instance (containers). */
  ssmTarget: string;
  containers: z.infer<typeof Container>[];
}

export interface InstanceAccess {
  route: 'instance-access';
  userName: string;
  /** An RSA private key (Linux) or a password (Windows). */
  secret: string;
  ipAddress?: string;
  operatingSystem?: string;
}

export type IssuedAccess = ComputeAccess | InstanceAccess;

/** Fleet states in which GameLift issues access (GetInstanceAccess documents these three). */
const ACCESSIBLE = new Set(['ACTIVE', 'ACTIVATING', 'ERROR', 'UNKNOWN']);
const ACCESSIBLE_CONTAINER = new Set(['ACTIVE', 'ACTIVATING', 'UPDATING', 'UNKNOWN']);
/** The limit is per account: other tools may spend it too, so a throttled call queues again. */
const THROTTLE_RETRIES = 5;
export class AccessBroker {
  constructor(private readonly limiter: RateLimiter) {}

  async issue(fleet: Fleet, target: Target, who: IdentitySnapshot): Promise<IssuedAccess> {
    if (fleet.access === 'none') {
      throw new DaemonError('NoRemoteAccess', `Fleet ${fleet.fleetId} offers no remote access.`, fleet.accessNote);
    }
    const ready = fleet.kind === 'container' ? ACCESSIBLE_CONTAINER : ACCESSIBLE;
    if (!ready.has(fleet.status)) {
      throw new DaemonError('FleetNotReady', `Fleet ${fleet.fleetId} is ${fleet.status}: GameLift issues access only to active fleets.`, 'Wait until the fleet is ACTIVE, then try again.');
    }
    const ctx = { service: 'gamelift' as const, fleetId: fleet.fleetId, computeName: target.computeName, region: who.region, profile: who.profile };
    const client = who.client;
    if (fleet.access === 'compute-access') {
      const out = await this.limited(() => client.send(new GetComputeAccessCommand({ FleetId: fleet.fleetId, ComputeName: target.computeName })))
        .catch((err: unknown) => {
          throw mapAwsError(err, { ...ctx, operation: 'GetComputeAccess' });
        });
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw new DaemonError('Internal', `GetComputeAccess returned no credentials for ${target.computeName}.`);
      }
      return {
        route: 'compute-access',
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        ssmTarget: out.Target ?? target.instanceId ?? target.computeName,
        containers: (out.ContainerIdentifiers ?? []).flatMap((i) =>
          i.ContainerName ? [{ containerName: i.ContainerName, ...(i.ContainerRuntimeId ? { containerRuntimeId: i.ContainerRuntimeId } : {}) }] : [],
        ),
      };
    }
    const out = await this.limited(() => client.send(new GetInstanceAccessCommand({ FleetId: fleet.fleetId, InstanceId: target.instanceId ?? target.computeName })))
      .catch((err: unknown) => {
        throw mapAwsError(err, { ...ctx, operation: 'GetInstanceAccess' });
      });
    const a = out.InstanceAccess;
    if (!a?.Credentials?.UserName || !a.Credentials.Secret) {
      throw new DaemonError('Internal', `GetInstanceAccess returned no credentials for ${target.computeName}.`);
    }
    return {
      route: 'instance-access',
      userName: a.Credentials.UserName,
      secret: a.Credentials.Secret,
      ...(a.IpAddress ? { ipAddress: a.IpAddress } : {}),
      ...(a.OperatingSystem ? { operatingSystem: a.OperatingSystem } : {}),
    };
  }

  private async limited<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.limiter.run(call);
      } catch (err) {
        if (!isThrottling(err) || attempt >= THROTTLE_RETRIES) throw err;
      }
    }
  }
}

/** The Region SSM is called in for a location: Local Zones (us-west-2-lax-1) belong to their parent Region. */
export function regionOfLocation(location: string): string {
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:-[a-z]+-\d+[a-z]?)?$/.exec(location);
  return match?.[1] ?? location;
}
