// Aliases: ListAliases, DescribeAlias and ResolveAlias over the scenario's aliases (a SIMPLE alias
// routes to a fleet; a TERMINAL one answers TerminalRoutingStrategyException with its message).
import { AwsError, notFound } from '../core/aws-error';
import { timestamp } from '../core/clock';
import type { Paginator } from '../core/pagination';
import type { Operation } from '../core/service-endpoint';
import type { Scenario } from '../scenario/schema';
import type { World } from '../scenario/world';

const DEFAULT_PAGE = 100;

export function aliasOperations(world: World, pages: Paginator): Record<string, Operation> {
  const render = (a: Scenario['aliases'][number]) => ({
    AliasId: a.aliasId,
    Name: a.name,
    AliasArn: world.aliasArn(a.aliasId),
    Description: a.description,
    RoutingStrategy: a.routingStrategy.type === 'SIMPLE' ? { Type: 'SIMPLE', FleetId: a.routingStrategy.fleetId } : { Type: 'TERMINAL', Message: a.routingStrategy.message },
    CreationTime: timestamp(Date.parse(a.creationTime)),
    LastUpdatedTime: timestamp(Date.parse(a.creationTime)),
  });
  const requireAlias = (id: string) => {
    const alias = world.alias(id);
    if (!alias) throw notFound(`Alias ${id} not found.`);
    return alias;
  };
  return {
    ListAliases(input) {
      const type = input.RoutingStrategyType as string | undefined;
      const name = input.Name as string | undefined;
      const found = world.scenario.aliases.filter((a) => (!type || a.routingStrategy.type === type) && (!name || a.name === name));
      const page = pages.page(found, ['ListAliases', type, name], (input.Limit as number | undefined) ?? DEFAULT_PAGE, input.NextToken as string | undefined);
      return { Aliases: page.items.map(render), NextToken: page.nextToken };
    },
    DescribeAlias(input) {
      return { Alias: render(requireAlias(input.AliasId as string)) };
    },
    ResolveAlias(input) {
      const alias = requireAlias(input.AliasId as string);
      if (alias.routingStrategy.type === 'TERMINAL') throw new AwsError('TerminalRoutingStrategyException', alias.routingStrategy.message);
      const fleet = world.fleet(alias.routingStrategy.fleetId)!;
      return { FleetId: fleet.spec.fleetId, FleetArn: fleet.arn };
    },
  };
}
