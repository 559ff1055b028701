// The emulated account's live state, built from a scenario: fleets with their locations, instances
// and computes, indexed the ways the APIs look them up. Port settings are the one mutable part.
import { FleetEventLog } from './fleet-events';
import { GameSessionStore } from './game-sessions';
import { generatedInstanceId, type IpPermission, type Scenario, type ScenarioBuild, type ScenarioFleet } from './schema';

export type Os = 'linux' | 'windows';

export interface Endpoint {
  host: string;
  port: number;
}

export interface ContainerComputeRecord {
  name: string;
  status: string;
  containers: { containerName: string; containerRuntimeId: string }[];
  host: InstanceRecord;
}

export interface InstanceRecord {
  fleet: FleetRecord;
  instanceId: string;
  ipAddress: string;
  dnsName: string | undefined;
  status: string;
  creationTime: number;
  location: string;
  /** Where this instance's port N really is; unmapped ports are 127.0.0.1:N. */
  ports: Map<number, Endpoint>;
  computes: ContainerComputeRecord[];
  /** The instance's own files (core/instance-root.ts): its shells see `<root>/local` as /local. Unset: the machine's. */
  root?: string;
}

export interface AnywhereComputeRecord {
  name: string;
  ipAddress: string | undefined;
  dnsName: string | undefined;
  status: string;
  location: string;
}

export interface LocationRecord {
  location: string;
  status: string;
  instances: InstanceRecord[];
  anywhereComputes: AnywhereComputeRecord[];
}

export interface FleetRecord {
  spec: ScenarioFleet;
  arn: string;
  build: ScenarioBuild | undefined;
  /** Server SDK major version: container fleets are always 5. */
  sdkMajor: number;
  operatingSystem: string;
  os: Os;
  locations: LocationRecord[];
  /** Inbound permissions (mutable through UpdateFleetPortSettings). */
  permissions: IpPermission[];
  /** Remote locations show PENDING_UPDATE until this (real) time after a port change. */
  portsPendingUntil: number;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** The AWS Region a location's SSM endpoint lives in: itself, a Local Zone's parent, or none (Anywhere). */
export function locationRegion(location: string): string | undefined {
  if (REGION.test(location)) return location;
  const parent = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)-/.exec(location);
  return parent?.[1];
}

const ms = (iso: string | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);

export class World {
  readonly region: string;
  readonly accountId: string;
  private readonly fleetList: FleetRecord[] = [];
  private readonly byId = new Map<string, FleetRecord>();
  private readonly instances = new Map<string, InstanceRecord>();

  /** Game sessions and their player sessions. */
  readonly gameSessions: GameSessionStore;
  /** Each fleet's event log. */
  readonly fleetEvents: FleetEventLog;

  /** `startedAt`: the real time scenario times given as "minutes ago" count back from. */
  constructor(
    readonly scenario: Scenario,
    readonly startedAt = Date.now(),
  ) {
    this.region = scenario.region;
    this.accountId = scenario.accountId;
    const builds = new Map(scenario.builds.map((b) => [b.buildId, b]));
    for (const spec of scenario.fleets) {
      const build = spec.type === 'CONTAINER' ? undefined : builds.get(spec.buildId);
      const operatingSystem = build?.operatingSystem ?? 'AMAZON_LINUX_2023';
      const kind = spec.type === 'CONTAINER' ? 'containerfleet' : 'fleet';
      const fleet: FleetRecord = {
        spec,
        arn: `arn:aws:gamelift:${this.region}:${this.accountId}:${kind}/${spec.fleetId}`,
        build,
        sdkMajor: build ? Number(build.serverSdkVersion.split('.')[0]) : 5,
        operatingSystem,
        os: operatingSystem.startsWith('WINDOWS') ? 'windows' : 'linux',
        locations: [],
        permissions: 'inboundPermissions' in spec ? spec.inboundPermissions.map((p) => ({ ...p })) : [],
        portsPendingUntil: 0,
      };
      const created = Date.parse(spec.creationTime);
      for (const loc of spec.locations) {
        const record: LocationRecord = { location: loc.location, status: loc.status, instances: [], anywhereComputes: [] };
        for (const inst of loc.instances) {
          const instance: InstanceRecord = {
            fleet,
            instanceId: inst.instanceId,
            ipAddress: inst.ipAddress,
            dnsName: inst.dnsName,
            status: inst.status,
            creationTime: ms(inst.creationTime, created + 600_000),
            location: loc.location,
            ports: new Map(Object.entries(inst.ports).map(([p, e]) => [Number(p), e])),
            computes: [],
          };
          instance.computes = inst.computes.map((c) => ({ name: c.computeName, status: c.status, containers: c.containers, host: instance }));
          record.instances.push(instance);
        }
        for (let i = 0; i < loc.generateInstances; i++) record.instances.push(generatedInstance(fleet, loc.location, i, created));
        record.anywhereComputes = loc.computes.map((c) => ({ name: c.computeName, ipAddress: c.ipAddress, dnsName: c.dnsName, status: c.status, location: loc.location }));
        fleet.locations.push(record);
      }
      for (const instance of fleet.locations.flatMap((l) => l.instances)) this.instances.set(instance.instanceId, instance);
      this.fleetList.push(fleet);
      this.byId.set(spec.fleetId, fleet);
    }
    this.gameSessions = new GameSessionStore(this, scenario, startedAt);
    this.fleetEvents = new FleetEventLog(this, scenario, startedAt);
  }

  /** An alias by ID or ARN. */
  alias(idOrArn: string): Scenario['aliases'][number] | undefined {
    const id = idOrArn.startsWith('arn:') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
    const alias = this.scenario.aliases.find((a) => a.aliasId === id);
    return alias && (!idOrArn.startsWith('arn:') || this.aliasArn(alias.aliasId) === idOrArn) ? alias : undefined;
  }

  aliasArn(aliasId: string): string {
    return `arn:aws:gamelift:${this.region}:${this.accountId}:alias/${aliasId}`;
  }

  fleets(): readonly FleetRecord[] {
    return this.fleetList;
  }

  /** Looks a fleet up by ID or ARN. */
  fleet(idOrArn: string): FleetRecord | undefined {
    const id = idOrArn.startsWith('arn:') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
    const fleet = this.byId.get(id);
    return fleet && (!idOrArn.startsWith('arn:') || fleet.arn === idOrArn) ? fleet : undefined;
  }

  instance(instanceId: string): InstanceRecord | undefined {
    return this.instances.get(instanceId);
  }

  /** Every AWS Region the account's fleets reach: the home Region and each remote location's. */
  regions(): Set<string> {
    const regions = new Set([this.region]);
    for (const f of this.fleetList) for (const l of f.locations) {
      const r = locationRegion(l.location);
      if (r) regions.add(r);
    }
    return regions;
  }

  /** Points an instance's port somewhere real (a test sshd, an RDP server, a game port). */
  mapPort(instanceId: string, port: number, to: Endpoint): void {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`No instance ${instanceId} in the scenario`);
    instance.ports.set(port, to);
  }

  /** All SDK 4 instances of an OS (they take the start-up key, password and addresses). */
  sdk4Instances(os: Os): InstanceRecord[] {
    return this.fleetList
      .filter((f) => f.spec.type === 'EC2' && f.sdkMajor < 5 && f.os === os)
      .flatMap((f) => f.locations.flatMap((l) => l.instances));
  }
}

function generatedInstance(fleet: FleetRecord, location: string, i: number, created: number): InstanceRecord {
  const ip = `100.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
  return {
    fleet,
    instanceId: generatedInstanceId(fleet.spec.fleetId, i),
    ipAddress: ip,
    dnsName: `ec2-${ip.replace(/\./g, '-')}.${location}.compute.amazonaws.com`,
    status: 'ACTIVE',
    creationTime: created + 600_000 + i * 1000,
    location,
    ports: new Map(),
    computes: [],
  };
}
