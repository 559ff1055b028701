// What one can connect to in a fleet location: computes (ListCompute; SDK 5, containers, Anywhere)
// or instances (DescribeInstances; SDK 4 fleets, where the instance ID is the compute name).
// Pages of 100 (a size every GameLift list call accepts): a 5,000-compute location costs 50 calls,
// made once and cached; nothing is fetched per compute.
import { DescribeComputeCommand, DescribeInstancesCommand, ListComputeCommand, type Compute, type GameLiftClient, type Instance } from '@aws-sdk/client-gamelift';
import type { Fleet, Target } from '../../../preload/contract';
import { osFamily } from '../access/routing';
import { mapAwsError } from '../aws/errors';
import { collectPages } from '../util/paginate';

const PAGE = 100;

export interface TargetDiscoveryContext {
  client: GameLiftClient;
  region: string;
  profile: string | null;
}

export async function discoverTargets(ctx: TargetDiscoveryContext, fleet: Fleet, location: string): Promise<Target[]> {
  const useInstances = fleet.access === 'instance-access';
  const operation = useInstances ? 'DescribeInstances' : 'ListCompute';
  const Location = location;
  try {
    if (useInstances) {
      const instances = await collectPages(async (NextToken) => {
        const out = await ctx.client.send(new DescribeInstancesCommand({ FleetId: fleet.fleetId, Location, Limit: PAGE, NextToken }));
        return { items: out.Instances, nextToken: out.NextToken };
      });
      return instances.map((i) => fromInstance(fleet, location, i));
    }
    const computes = await collectPages(async (NextToken) => {
      const out = await ctx.client.send(new ListComputeCommand({ FleetId: fleet.fleetId, Location, Limit: PAGE, NextToken }));
      return { items: out.ComputeList, nextToken: out.NextToken };
    });
    return computes.map((c) => fromCompute(fleet, location, c));
  } catch (err) {
    throw mapAwsError(err, { service: 'gamelift', operation, fleetId: fleet.fleetId, region: ctx.region, profile: ctx.profile });
  }
}

/**
 * One target by name, without listing the fleet: DescribeCompute, or DescribeInstances per location
 * for SDK 4 fleets (it answers for one location at a time). Null when GameLift does not know it.
 */
export async function describeTarget(ctx: TargetDiscoveryContext, fleet: Fleet, computeName: string): Promise<Target | null> {
  const operation = fleet.access === 'instance-access' ? 'DescribeInstances' : 'DescribeCompute';
  try {
    if (fleet.access !== 'instance-access') {
      const compute = (await ctx.client.send(new DescribeComputeCommand({ FleetId: fleet.fleetId, ComputeName: computeName }))).Compute;
      return compute ? fromCompute(fleet, compute.Location ?? fleet.homeRegion, compute) : null;
    }
    for (const location of fleet.locations) {
      const out = await ctx.client.send(new DescribeInstancesCommand({ FleetId: fleet.fleetId, InstanceId: computeName, Location: location }));
      const instance = out.Instances?.[0];
      if (instance) return fromInstance(fleet, location, instance);
    }
    return null;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFoundException') return null;
    throw mapAwsError(err, { service: 'gamelift', operation, fleetId: fleet.fleetId, computeName, region: ctx.region, profile: ctx.profile });
  }
}

const millis = (d: Date | undefined): { createdAt?: number } => (d ? { createdAt: d.getTime() } : {});

function fromCompute(fleet: Fleet, location: string, c: Compute): Target {
  const operatingSystem = c.OperatingSystem ?? fleet.operatingSystem;
  const containers = (c.ContainerAttributes ?? []).flatMap((a) =>
    a.ContainerName ? [{ containerName: a.ContainerName, ...(a.ContainerRuntimeId ? { containerRuntimeId: a.ContainerRuntimeId } : {}) }] : [],
  );
  return {
    fleetId: fleet.fleetId,
    computeName: c.ComputeName ?? '',
    ...(c.InstanceId ? { instanceId: c.InstanceId } : {}),
    location: c.Location ?? location,
    status: String(c.ComputeStatus ?? 'UNKNOWN'),
    os: operatingSystem ? osFamily(operatingSystem) : fleet.os,
    ...(operatingSystem ? { operatingSystem } : {}),
    ...(c.Type ? { instanceType: c.Type } : {}),
    ...(c.IpAddress ? { ipAddress: c.IpAddress } : {}),
    ...(c.DnsName ? { dnsName: c.DnsName } : {}),
    ...(containers.length > 0 ? { containers } : {}),
    ...millis(c.CreationTime),
  };
}

function fromInstance(fleet: Fleet, location: string, i: Instance): Target {
  const operatingSystem = i.OperatingSystem ?? fleet.operatingSystem;
  return {
    fleetId: fleet.fleetId,
    computeName: i.InstanceId ?? '',
    ...(i.InstanceId ? { instanceId: i.InstanceId } : {}),
    location: i.Location ?? location,
    status: String(i.Status ?? 'UNKNOWN'),
    os: operatingSystem ? osFamily(operatingSystem) : fleet.os,
    ...(operatingSystem ? { operatingSystem } : {}),
    ...(i.Type ? { instanceType: i.Type } : {}),
    ...(i.IpAddress ? { ipAddress: i.IpAddress } : {}),
    ...(i.DnsName ? { dnsName: i.DnsName } : {}),
    ...millis(i.CreationTime),
  };
}
