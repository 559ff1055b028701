// GameLift's wire shapes (output members as the model names them), rendered from the world.
import { timestamp } from '../core/clock';
import type { AnywhereComputeRecord, ContainerComputeRecord, FleetRecord, InstanceRecord } from '../scenario/world';
import type { ScenarioBuild } from '../scenario/schema';

const accountOf = (fleet: FleetRecord) => fleet.arn.split(':')[4];
const regionOf = (fleet: FleetRecord) => fleet.arn.split(':')[3];
const arnPrefix = (fleet: FleetRecord) => `arn:aws:gamelift:${regionOf(fleet)}:${accountOf(fleet)}`;

export function buildArn(fleet: FleetRecord, buildId: string): string {
  return `${arnPrefix(fleet)}:build/${buildId}`;
}

export function containerGroupDefinitionArn(fleet: FleetRecord, name: string): string {
  return `${arnPrefix(fleet)}:containergroupdefinition/${name}:1`;
}

export function computeArn(fleet: FleetRecord, computeName: string): string {
  return `${arnPrefix(fleet)}:compute/${computeName}`;
}

export function fleetAttributes(fleet: FleetRecord) {
  const spec = fleet.spec;
  if (spec.type === 'CONTAINER') throw new Error('container fleets have no FleetAttributes');
  const anywhere = spec.type === 'ANYWHERE';
  return {
    FleetId: spec.fleetId,
    FleetArn: fleet.arn,
    ...(anywhere ? {} : { FleetType: spec.fleetType, InstanceType: spec.instanceType }),
    Name: spec.name,
    Description: spec.description,
    CreationTime: timestamp(Date.parse(spec.creationTime)),
    ...(spec.status === 'TERMINATED' ? { TerminationTime: timestamp(Date.parse(spec.creationTime) + 86_400_000) } : {}),
    Status: spec.status,
    BuildId: spec.buildId,
    BuildArn: buildArn(fleet, spec.buildId),
    ...(anywhere ? {} : { ServerLaunchPath: fleet.os === 'windows' ? 'C:\\game\\GameServer.exe' : '/local/game/GameServer' }),
    NewGameSessionProtectionPolicy: 'NoProtection',
    OperatingSystem: fleet.operatingSystem,
    ResourceCreationLimitPolicy: { NewGameSessionsPerCreator: 0, PolicyPeriodInMinutes: 0 },
    MetricGroups: ['default'],
    CertificateConfiguration: { CertificateType: 'DISABLED' },
    ComputeType: anywhere ? 'ANYWHERE' : 'EC2',
    ...(anywhere ? { AnywhereConfiguration: { Cost: '0.0' } } : {}),
  };
}

export function containerFleet(fleet: FleetRecord) {
  const spec = fleet.spec;
  if (spec.type !== 'CONTAINER') throw new Error('not a container fleet');
  return {
    FleetId: spec.fleetId,
    FleetArn: fleet.arn,
    FleetRoleArn: `arn:aws:iam::${accountOf(fleet)}:role/GameLiftContainerFleetRole`,
    GameServerContainerGroupDefinitionName: spec.gameServerContainerGroupDefinitionName,
    GameServerContainerGroupDefinitionArn: containerGroupDefinitionArn(fleet, spec.gameServerContainerGroupDefinitionName),
    ...(spec.perInstanceContainerGroupDefinitionName
      ? {
          PerInstanceContainerGroupDefinitionName: spec.perInstanceContainerGroupDefinitionName,
          PerInstanceContainerGroupDefinitionArn: containerGroupDefinitionArn(fleet, spec.perInstanceContainerGroupDefinitionName),
        }
      : {}),
    InstanceConnectionPortRange: spec.instanceConnectionPortRange,
    InstanceInboundPermissions: fleet.permissions,
    GameServerContainerGroupsPerInstance: spec.gameServerContainerGroupsPerInstance,
    MaximumGameServerContainerGroupsPerInstance: spec.gameServerContainerGroupsPerInstance,
    InstanceType: spec.instanceType,
    BillingType: spec.billingType,
    Description: spec.description,
    CreationTime: timestamp(Date.parse(spec.creationTime)),
    MetricGroups: ['default'],
    NewGameSessionProtectionPolicy: 'NoProtection',
    GameSessionCreationLimitPolicy: { NewGameSessionsPerCreator: 0, PolicyPeriodInMinutes: 0 },
    Status: spec.status,
    DeploymentDetails: { LatestDeploymentId: `deployment-${spec.fleetId.slice(-12)}` },
    LogConfiguration: { LogDestination: 'CLOUDWATCH', LogGroupArn: `arn:aws:logs:${regionOf(fleet)}:${accountOf(fleet)}:log-group:/aws/gamelift/${spec.name}` },
    LocationAttributes: fleet.locations.map((l) => ({ Location: l.location, Status: l.status, PlayerGatewayStatus: 'DISABLED' })),
  };
}

export function build(fleet: FleetRecord, b: ScenarioBuild) {
  return {
    BuildId: b.buildId,
    BuildArn: buildArn(fleet, b.buildId),
    Name: b.name,
    Version: b.version,
    Status: b.status,
    SizeOnDisk: b.sizeOnDisk,
    OperatingSystem: b.operatingSystem,
    CreationTime: timestamp(Date.parse(b.creationTime)),
    ServerSdkVersion: b.serverSdkVersion,
  };
}

export function instance(i: InstanceRecord) {
  return {
    FleetId: i.fleet.spec.fleetId,
    FleetArn: i.fleet.arn,
    InstanceId: i.instanceId,
    IpAddress: i.ipAddress,
    DnsName: i.dnsName,
    OperatingSystem: i.fleet.operatingSystem,
    Type: 'instanceType' in i.fleet.spec ? i.fleet.spec.instanceType : undefined,
    Status: i.status,
    CreationTime: timestamp(i.creationTime),
    Location: i.location,
  };
}

// EC2 computes report their status in the instance's mixed case ("Active"), as the developer guide
// shows; the model allows strings beyond its enum, and clients must cope.
const ec2ComputeStatus = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

export function ec2Compute(i: InstanceRecord) {
  return {
    FleetId: i.fleet.spec.fleetId,
    FleetArn: i.fleet.arn,
    ComputeName: i.instanceId,
    IpAddress: i.ipAddress,
    DnsName: i.dnsName,
    ComputeStatus: ec2ComputeStatus(i.status),
    Location: i.location,
    CreationTime: timestamp(i.creationTime),
    OperatingSystem: i.fleet.operatingSystem,
    Type: 'instanceType' in i.fleet.spec ? i.fleet.spec.instanceType : undefined,
    InstanceId: i.instanceId,
  };
}

export function containerCompute(c: ContainerComputeRecord) {
  const fleet = c.host.fleet;
  const spec = fleet.spec;
  return {
    FleetId: spec.fleetId,
    FleetArn: fleet.arn,
    ComputeName: c.name,
    ComputeArn: computeArn(fleet, c.name),
    IpAddress: c.host.ipAddress,
    DnsName: c.host.dnsName,
    ComputeStatus: c.status,
    Location: c.host.location,
    CreationTime: timestamp(c.host.creationTime + 60_000),
    OperatingSystem: 'AMAZON_LINUX_2023',
    Type: 'instanceType' in spec ? spec.instanceType : undefined,
    InstanceId: c.host.instanceId,
    ContainerAttributes: c.containers.map((k) => ({ ContainerName: k.containerName, ContainerRuntimeId: k.containerRuntimeId })),
    GameServerContainerGroupDefinitionArn:
      spec.type === 'CONTAINER' ? containerGroupDefinitionArn(fleet, spec.gameServerContainerGroupDefinitionName) : undefined,
  };
}

export function anywhereCompute(fleet: FleetRecord, c: AnywhereComputeRecord) {
  const region = regionOf(fleet);
  return {
    FleetId: fleet.spec.fleetId,
    FleetArn: fleet.arn,
    ComputeName: c.name,
    ComputeArn: computeArn(fleet, c.name),
    IpAddress: c.ipAddress,
    DnsName: c.dnsName,
    ComputeStatus: c.status,
    Location: c.location,
    CreationTime: timestamp(Date.parse(fleet.spec.creationTime) + 3_600_000),
    OperatingSystem: fleet.operatingSystem,
    GameLiftServiceSdkEndpoint: `wss://${region}.api.amazongamelift.com`,
    GameLiftAgentEndpoint: `https://${region}.process-manager-api.amazongamelift.com`,
  };
}
