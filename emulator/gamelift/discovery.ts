// The read-only GameLift operations a client uses to discover fleets, builds, locations,
// instances and computes.
import { invalidRequest, notFound } from '../core/aws-error';
import type { EmulatorClock } from '../core/clock';
import type { Paginator } from '../core/pagination';
import type { Operation } from '../core/service-endpoint';
import type { World } from '../scenario/world';
import * as shapes from './shapes';
import { findCompute, locationsOf, requireCompute, requireFleet } from './lookup';

// With no Limit, a page holds this many items (AWS documents no default; clients must paginate).
const DEFAULT_PAGE = 100;

type Input = Record<string, unknown>;
const str = (input: Input, key: string) => input[key] as string | undefined;
const limit = (input: Input) => (input.Limit as number | undefined) ?? DEFAULT_PAGE;
const token = (input: Input) => input.NextToken as string | undefined;

export function discoveryOperations(world: World, pages: Paginator, clock: EmulatorClock): Record<string, Operation> {
  const home = world.region;
  return {
    ListFleets(input) {
      const buildId = str(input, 'BuildId');
      const scriptId = str(input, 'ScriptId');
      const ids = world
        .fleets()
        .filter((f) => !scriptId && (!buildId || ('buildId' in f.spec && (f.spec.buildId === buildId || shapes.buildArn(f, f.spec.buildId) === buildId))))
        .map((f) => f.spec.fleetId);
      const page = pages.page(ids, ['ListFleets', buildId, scriptId], limit(input), token(input));
      return { FleetIds: page.items, NextToken: page.nextToken };
    },

    DescribeFleetAttributes(input) {
      const ids = input.FleetIds as string[] | undefined;
      const describable = world.fleets().filter((f) => f.spec.type !== 'CONTAINER');
      if (ids) {
        // Limit and NextToken are ignored when IDs are given; unknown fleets are simply left out.
        const found = ids.map((id) => world.fleet(id)).filter((f) => f !== undefined && f.spec.type !== 'CONTAINER');
        return { FleetAttributes: found.map((f) => shapes.fleetAttributes(f!)) };
      }
      const page = pages.page(describable, ['DescribeFleetAttributes'], limit(input), token(input));
      return { FleetAttributes: page.items.map(shapes.fleetAttributes), NextToken: page.nextToken };
    },

    DescribeBuild(input) {
      const id = str(input, 'BuildId')!;
      const buildId = id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) : id;
      const b = world.scenario.builds.find((x) => x.buildId === buildId);
      const anyFleet = world.fleets()[0];
      if (!b || !anyFleet || (id.startsWith('arn:') && shapes.buildArn(anyFleet, buildId) !== id)) throw notFound(`Build ${id} not found.`);
      return { Build: shapes.build(anyFleet, b) };
    },

    ListContainerFleets(input) {
      const definition = str(input, 'ContainerGroupDefinitionName');
      const fleets = world.fleets().filter((f) => {
        if (f.spec.type !== 'CONTAINER') return false;
        const names = [f.spec.gameServerContainerGroupDefinitionName, f.spec.perInstanceContainerGroupDefinitionName].filter(Boolean) as string[];
        return !definition || names.some((n) => n === definition || definition.startsWith(shapes.containerGroupDefinitionArn(f, n).replace(/:1$/, '')));
      });
      const page = pages.page(fleets, ['ListContainerFleets', definition], limit(input), token(input));
      return { ContainerFleets: page.items.map(shapes.containerFleet), NextToken: page.nextToken };
    },

    DescribeContainerFleet(input) {
      const fleet = requireFleet(world, str(input, 'FleetId')!);
      if (fleet.spec.type !== 'CONTAINER') throw notFound(`Container fleet ${fleet.spec.fleetId} not found.`);
      return { ContainerFleet: shapes.containerFleet(fleet) };
    },

    DescribeFleetLocationAttributes(input) {
      const fleet = requireFleet(world, str(input, 'FleetId')!);
      const wanted = input.Locations as string[] | undefined;
      const locations = fleet.locations.filter((l) => !wanted || wanted.includes(l.location));
      const page = pages.page(locations, ['DescribeFleetLocationAttributes', fleet.spec.fleetId, wanted], limit(input), token(input));
      const pending = clock.now() < fleet.portsPendingUntil;
      return {
        FleetId: fleet.spec.fleetId,
        FleetArn: fleet.arn,
        LocationAttributes: page.items.map((l) => ({
          LocationState: { Location: l.location, Status: l.status, PlayerGatewayStatus: 'DISABLED' },
          ...(pending && l.location !== home ? { UpdateStatus: 'PENDING_UPDATE' } : {}),
        })),
        NextToken: page.nextToken,
      };
    },

    ListCompute(input) {
      const fleet = requireFleet(world, str(input, 'FleetId')!);
      const location = str(input, 'Location');
      const definition = str(input, 'ContainerGroupDefinitionName');
      const status = str(input, 'ComputeStatus');
      const locations = locationsOf(fleet, location, fleet.spec.type === 'ANYWHERE' ? '' : home);
      let computes: object[];
      if (fleet.spec.type === 'CONTAINER') {
        const groupName = fleet.spec.gameServerContainerGroupDefinitionName;
        if (definition && definition !== groupName && !definition.includes(`/${groupName}`)) computes = [];
        else computes = locations.flatMap((l) => l.instances.flatMap((i) => i.computes)).filter((c) => !status || c.status === status).map(shapes.containerCompute);
      } else if (fleet.spec.type === 'ANYWHERE') {
        computes = locations.flatMap((l) => l.anywhereComputes).map((c) => shapes.anywhereCompute(fleet, c));
      } else {
        computes = locations.flatMap((l) => l.instances).map(shapes.ec2Compute);
        if (status) computes = computes.filter((c) => (c as { ComputeStatus: string }).ComputeStatus.toUpperCase() === status);
      }
      const page = pages.page(computes, ['ListCompute', fleet.spec.fleetId, location, definition, status], limit(input), token(input));
      return { ComputeList: page.items, NextToken: page.nextToken };
    },

    DescribeCompute(input) {
      const fleet = requireFleet(world, str(input, 'FleetId')!);
      const found = requireCompute(fleet, str(input, 'ComputeName')!);
      switch (found.kind) {
        case 'instance':
          if (fleet.spec.type === 'CONTAINER') break;
          return { Compute: shapes.ec2Compute(found.instance) };
        case 'container':
          return { Compute: shapes.containerCompute(found.compute) };
        case 'anywhere': {
          const c = fleet.locations.flatMap((l) => l.anywhereComputes).find((x) => x.name === found.name)!;
          return { Compute: shapes.anywhereCompute(fleet, c) };
        }
      }
      throw notFound(`Compute ${String(input.ComputeName)} not found in fleet ${fleet.spec.fleetId}.`);
    },

    DescribeInstances(input) {
      const fleet = requireFleet(world, str(input, 'FleetId')!);
      if (fleet.spec.type === 'ANYWHERE') throw invalidRequest(`DescribeInstances is not supported for fleet ${fleet.spec.fleetId}: its compute type is ANYWHERE.`);
      const instanceId = str(input, 'InstanceId');
      const location = str(input, 'Location');
      let instances = locationsOf(fleet, location, home).flatMap((l) => l.instances);
      if (instanceId) {
        const hit = findCompute(fleet, instanceId);
        instances = hit?.kind === 'instance' ? [hit.instance] : [];
      }
      const page = pages.page(instances, ['DescribeInstances', fleet.spec.fleetId, instanceId, location], limit(input), token(input));
      return { Instances: page.items.map(shapes.instance), NextToken: page.nextToken };
    },
  };
}
