// Fleet discovery: EC2 and Anywhere fleets (ListFleets, then DescribeFleetAttributes in batches),
// their builds' server SDK versions, their locations, and container fleets (ListContainerFleets)
// with their game-server container definitions. Everything maps to the contract's Fleet.
import {
  DescribeBuildCommand,
  DescribeContainerGroupDefinitionCommand,
  DescribeFleetAttributesCommand,
  DescribeFleetLocationAttributesCommand,
  ListContainerFleetsCommand,
  ListFleetsCommand,
  type ContainerFleet,
  type FleetAttributes,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import type { Fleet } from '../../../preload/contract';
import { accessRoute, osFamily, sdkMajor } from '../access/routing';
import { mapAwsError } from '../aws/errors';
import { collectPages, mapLimited } from '../util/paginate';

/** Fleet IDs per DescribeFleetAttributes call. */
const ATTRIBUTE_BATCH = 20;
/** Concurrent Describe calls: well inside GameLift's 30/s for List/Describe operations. */
const CONCURRENCY = 4;

export interface FleetDiscoveryContext {
  client: GameLiftClient;
  region: string;
  profile: string | null;
  /** Builds and container definitions are immutable per version: callers may keep this across refreshes. */
  sdkCache: Map<string, Promise<DefinitionFacts>>;
  /** Filled in: each container fleet's game-server container name (to pick it among a compute's containers). */
  gameServers: Map<string, string>;
}

interface DefinitionFacts {
  version?: string;
  os?: string;
  gameServerContainer?: string;
}

const call = async <T>(ctx: FleetDiscoveryContext, operation: string, fleetId: string | undefined, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw mapAwsError(err, { service: 'gamelift', operation, region: ctx.region, profile: ctx.profile, ...(fleetId ? { fleetId } : {}) });
  }
};

const regionOfArn = (arn: string | undefined): string | undefined => arn?.split(':')[3] || undefined;

export async function discoverFleets(ctx: FleetDiscoveryContext): Promise<Fleet[]> {
  const [ec2, containers] = await Promise.all([discoverEc2Fleets(ctx), discoverContainerFleets(ctx)]);
  return [...ec2, ...containers].sort((a, b) => a.name.localeCompare(b.name) || a.fleetId.localeCompare(b.fleetId));
}

async function discoverEc2Fleets(ctx: FleetDiscoveryContext): Promise<Fleet[]> {
  const ids = await call(ctx, 'ListFleets', undefined, () =>
    collectPages(async (NextToken) => {
      const out = await ctx.client.send(new ListFleetsCommand({ NextToken }));
      return { items: out.FleetIds, nextToken: out.NextToken };
    }),
  );
  // ListFleets may include container fleets; DescribeFleetAttributes does not cover them.
  const ec2Ids = [...new Set(ids)].filter((id) => !id.startsWith('containerfleet-'));
  const batches: string[][] = [];
  for (let i = 0; i < ec2Ids.length; i += ATTRIBUTE_BATCH) batches.push(ec2Ids.slice(i, i + ATTRIBUTE_BATCH));
  const attributes = (
    await mapLimited(batches, CONCURRENCY, (FleetIds) =>
      call(ctx, 'DescribeFleetAttributes', undefined, async () => (await ctx.client.send(new DescribeFleetAttributesCommand({ FleetIds }))).FleetAttributes ?? []),
    )
  ).flat();
  return mapLimited(attributes, CONCURRENCY, (a) => toEc2Fleet(ctx, a));
}

async function toEc2Fleet(ctx: FleetDiscoveryContext, a: FleetAttributes): Promise<Fleet> {
  const fleetId = a.FleetId ?? '';
  const homeRegion = regionOfArn(a.FleetArn) ?? ctx.region;
  const kind: Fleet['kind'] = a.ComputeType === 'ANYWHERE' ? 'anywhere' : 'ec2';
  const [build, locations] = await Promise.all([
    a.BuildId ? buildFacts(ctx, a.BuildId) : Promise.resolve({} as DefinitionFacts),
    fleetLocations(ctx, fleetId, homeRegion, kind === 'ec2'),
  ]);
  const operatingSystem = a.OperatingSystem ?? build.os;
  const facts = { kind, sdkMajor: sdkMajor(build.version) };
  return {
    fleetId,
    ...(a.FleetArn ? { fleetArn: a.FleetArn } : {}),
    name: a.Name ?? fleetId,
    kind,
    status: a.Status ?? 'UNKNOWN',
    os: osFamily(operatingSystem),
    ...(operatingSystem ? { operatingSystem } : {}),
    sdkMajor: facts.sdkMajor,
    ...accessRoute(facts),
    homeRegion,
    locations,
    ...(a.InstanceType ? { instanceType: a.InstanceType } : {}),
  };
}

function buildFacts(ctx: FleetDiscoveryContext, buildId: string): Promise<DefinitionFacts> {
  const key = `build:${buildId}`;
  let facts = ctx.sdkCache.get(key);
  if (!facts) {
    facts = call(ctx, 'DescribeBuild', undefined, async () => {
      const build = (await ctx.client.send(new DescribeBuildCommand({ BuildId: buildId }))).Build;
      return { ...(build?.ServerSdkVersion ? { version: build.ServerSdkVersion } : {}), ...(build?.OperatingSystem ? { os: build.OperatingSystem } : {}) };
    }).catch((err) => {
      ctx.sdkCache.delete(key); // don't remember a failure
      throw err;
    });
    ctx.sdkCache.set(key, facts);
  }
  return facts;
}

/**
 * A fleet's locations; Regions without multi-location support answer UnsupportedRegionException.
 * EC2 fleets always have their home Region; Anywhere fleets only their custom locations.
 */
async function fleetLocations(ctx: FleetDiscoveryContext, fleetId: string, homeRegion: string, includeHome: boolean): Promise<string[]> {
  try {
    const states = await collectPages(async (NextToken) => {
      const out = await ctx.client.send(new DescribeFleetLocationAttributesCommand({ FleetId: fleetId, NextToken }));
      return { items: out.LocationAttributes, nextToken: out.NextToken };
    });
    const names = states.map((s) => s.LocationState?.Location).filter((l): l is string => Boolean(l));
    if (names.length === 0) return [homeRegion];
    return [...new Set(includeHome ? [homeRegion, ...names] : names)];
  } catch (err) {
    if ((err as { name?: string }).name === 'UnsupportedRegionException') return [homeRegion];
    throw mapAwsError(err, { service: 'gamelift', operation: 'DescribeFleetLocationAttributes', fleetId, region: ctx.region, profile: ctx.profile });
  }
}

async function discoverContainerFleets(ctx: FleetDiscoveryContext): Promise<Fleet[]> {
  const fleets = await call(ctx, 'ListContainerFleets', undefined, () =>
    collectPages(async (NextToken) => {
      const out = await ctx.client.send(new ListContainerFleetsCommand({ NextToken }));
      return { items: out.ContainerFleets, nextToken: out.NextToken };
    }),
  );
  return mapLimited(fleets, CONCURRENCY, (f) => toContainerFleet(ctx, f));
}

async function toContainerFleet(ctx: FleetDiscoveryContext, f: ContainerFleet): Promise<Fleet> {
  const fleetId = f.FleetId ?? '';
  const homeRegion = regionOfArn(f.FleetArn) ?? ctx.region;
  const definition = f.GameServerContainerGroupDefinitionName
    ? await containerDefinitionFacts(ctx, f.GameServerContainerGroupDefinitionArn ?? f.GameServerContainerGroupDefinitionName)
    : ({} as DefinitionFacts);
  if (definition.gameServerContainer) ctx.gameServers.set(fleetId, definition.gameServerContainer);
  const locations = (f.LocationAttributes ?? []).map((l) => l.Location).filter((l): l is string => Boolean(l));
  const operatingSystem = definition.os ?? 'AMAZON_LINUX_2023';
  const facts = { kind: 'container' as const, sdkMajor: sdkMajor(definition.version) ?? 5 };
  return {
    fleetId,
    ...(f.FleetArn ? { fleetArn: f.FleetArn } : {}),
    name: f.Description || f.GameServerContainerGroupDefinitionName || fleetId,
    kind: 'container',
    status: f.Status ?? 'UNKNOWN',
    os: osFamily(operatingSystem),
    operatingSystem,
    sdkMajor: facts.sdkMajor,
    ...accessRoute(facts),
    homeRegion,
    locations: [...new Set([homeRegion, ...locations])],
    ...(f.InstanceType ? { instanceType: f.InstanceType } : {}),
  };
}

function containerDefinitionFacts(ctx: FleetDiscoveryContext, name: string): Promise<DefinitionFacts> {
  const key = `cgd:${name}`;
  let facts = ctx.sdkCache.get(key);
  if (!facts) {
    // Unreadable definitions (permissions, deleted versions) must not hide the fleet: containers are SDK 5.
    facts = ctx.client
      .send(new DescribeContainerGroupDefinitionCommand({ Name: name }))
      .then((out) => {
        const d = out.ContainerGroupDefinition;
        const version = d?.GameServerContainerDefinition?.ServerSdkVersion;
        const gameServerContainer = d?.GameServerContainerDefinition?.ContainerName;
        return {
          ...(version ? { version } : {}),
          ...(d?.OperatingSystem ? { os: d.OperatingSystem } : {}),
          ...(gameServerContainer ? { gameServerContainer } : {}),
        };
      })
      .catch((): DefinitionFacts => {
        ctx.sdkCache.delete(key);
        return {};
      });
    ctx.sdkCache.set(key, facts);
  }
  return facts;
}
