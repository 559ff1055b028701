// GetComputeAccess (server SDK 5 EC2 and container fleets: SSM credentials scoped to one compute)
// and GetInstanceAccess (server SDK 4 EC2 fleets: an SSH key or an RDP password).
import { invalidRequest, notFound } from '../core/aws-error';
import type { Operation } from '../core/service-endpoint';
import type { CredentialStore } from '../auth/credential-store';
import { locationRegion, type FleetRecord, type World } from '../scenario/world';
import { computeArn } from './shapes';
import { requireCompute, requireFleet } from './lookup';
import type { Sdk4Secrets } from './sdk4-secrets';

// GetInstanceAccess documents these fleet statuses; GetComputeAccess is held to the same rule.
const ACCESSIBLE = new Set(['ACTIVATING', 'ACTIVE', 'ERROR']);
const REMOTE_USER = 'gl-user-remote';

function requireAccessibleStatus(fleet: FleetRecord): void {
  if (!ACCESSIBLE.has(fleet.spec.status)) {
    throw invalidRequest(`Fleet ${fleet.spec.fleetId} is ${fleet.spec.status}; remote access needs an ACTIVATING, ACTIVE or ERROR fleet.`);
  }
}

export function accessOperations(world: World, credentials: CredentialStore, secrets: Sdk4Secrets): Record<string, Operation> {
  return {
    GetComputeAccess(input) {
      const fleet = requireFleet(world, input.FleetId as string);
      const fleetId = fleet.spec.fleetId;
      if (fleet.spec.type === 'ANYWHERE') {
        throw invalidRequest(`GetComputeAccess is not supported for fleet ${fleetId}: Anywhere fleets run on your own hosts, connect to them directly.`);
      }
      // Emulator's choice (AWS documents no answer): SDK 4 fleets have no SSM access path.
      if (fleet.sdkMajor < 5) {
        throw invalidRequest(`Fleet ${fleetId} runs a build on server SDK ${fleet.build?.serverSdkVersion}; GetComputeAccess needs server SDK 5.x. Use GetInstanceAccess for SDK 4.x fleets.`);
      }
      requireAccessibleStatus(fleet);
      const compute = requireCompute(fleet, input.ComputeName as string);
      if (compute.kind === 'anywhere') throw notFound(`Compute ${String(input.ComputeName)} not found in fleet ${fleetId}.`);
      const host = compute.kind === 'instance' ? compute.instance : compute.compute.host;
      const computeName = compute.kind === 'instance' ? host.instanceId : compute.compute.name;
      const region = locationRegion(host.location) ?? world.region;
      const issued = credentials.issue({ fleetId, computeName, target: host.instanceId, location: host.location, region });
      const containerFleet = fleet.spec.type === 'CONTAINER';
      return {
        FleetId: fleetId,
        FleetArn: fleet.arn,
        ComputeName: computeName,
        ...(compute.kind === 'container' ? { ComputeArn: computeArn(fleet, computeName) } : {}),
        Credentials: issued,
        ...(containerFleet ? { Target: host.instanceId } : {}),
        ...(compute.kind === 'container'
          ? { ContainerIdentifiers: compute.compute.containers.map((c) => ({ ContainerName: c.containerName, ContainerRuntimeId: c.containerRuntimeId })) }
          : {}),
      };
    },

    GetInstanceAccess(input) {
      const fleet = requireFleet(world, input.FleetId as string);
      const fleetId = fleet.spec.fleetId;
      if (fleet.spec.type !== 'EC2') throw invalidRequest(`GetInstanceAccess is not supported for fleet ${fleetId}: it applies to managed EC2 fleets only.`);
      if (fleet.sdkMajor >= 5) {
        throw invalidRequest(`Fleet ${fleetId} runs a build on server SDK ${fleet.build?.serverSdkVersion}; GetInstanceAccess is for server SDK 4.x or earlier. Use GetComputeAccess.`);
      }
      requireAccessibleStatus(fleet);
      const instanceId = input.InstanceId as string;
      const instance = fleet.locations.flatMap((l) => l.instances).find((i) => i.instanceId === instanceId);
      if (!instance) throw notFound(`Instance ${instanceId} not found in fleet ${fleetId}.`);
      return {
        InstanceAccess: {
          FleetId: fleetId,
          InstanceId: instanceId,
          IpAddress: instance.ipAddress,
          OperatingSystem: fleet.operatingSystem,
          Credentials: { UserName: REMOTE_USER, Secret: fleet.os === 'windows' ? secrets.password(fleetId) : secrets.privateKeyPem(fleetId) },
        },
      };
    },
  };
}
