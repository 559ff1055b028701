// Request shapes of the GameLift operations the emulator serves, with the model's constraints.
import type { Rule, Shape } from '../core/validate';

// Patterns are built from the model's own text, so error messages quote it exactly.
const model = (source: string) => new RegExp(source);
const s = (constraints: Omit<Extract<Rule, { type: 'string' }>, 'type'>): Rule => ({ type: 'string', ...constraints });

export const FleetIdOrArn = s({ min: 1, max: 512, pattern: model(String.raw`^[a-z]*fleet-[a-zA-Z0-9\-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9\-]+$`) });
const ComputeNameOrArn = s({ max: 1024, pattern: model(String.raw`^([a-zA-Z0-9\-]+(\/[a-zA-Z0-9\-]+)?|arn:.*:compute\/[a-zA-Z0-9\-]+(\/[a-zA-Z0-9\-]+)?)$`) });
const InstanceId = s({ min: 1, max: 256, pattern: model(String.raw`^[a-zA-Z0-9\.-]+$`) });
const Location = s({ min: 1, max: 64, pattern: model(String.raw`^[A-Za-z0-9\-]+$`) });
const BuildIdOrArn = s({ min: 1, max: 512, pattern: model(String.raw`^(build-\S+|arn:.*:build\/build-\S+)$`) });
const ScriptIdOrArn = s({ min: 1, max: 512, pattern: model(String.raw`^(script-\S+|arn:.*:script\/script-\S+)$`) });
const ContainerGroupDefinitionNameOrArn = s({ min: 1, max: 512, pattern: model(String.raw`^[a-zA-Z0-9\-]+$|^arn:.*:containergroupdefinition\/[a-zA-Z0-9\-]+(:[0-9]+)?$`) });
const Limit: Rule = { type: 'integer', min: 1 };
const AliasIdOrArn = s({ min: 1, max: 512, pattern: model(String.raw`^(alias-\S+|arn:.*:alias\/alias-\S+)$`) });
const ArnStringModel = s({ min: 1, max: 512, pattern: model(String.raw`^[a-zA-Z0-9:/-]+$`) });
const NonZeroAndMaxString = s({ min: 1, max: 1024 });
const PlayerId = s({ min: 1, max: 1024 });
const PlayerSessionId = s({ min: 1, max: 128, pattern: model(String.raw`^psess-\S+$`) });
const Timestamp: Rule = { type: 'timestamp' };
const NextToken = s({ min: 1, max: 1024 });
const req = (rule: Rule): Rule => ({ ...rule, required: true });

const IpPermission: Rule = {
  type: 'structure',
  members: {
    FromPort: { type: 'integer', min: 1, max: 60000, required: true },
    ToPort: { type: 'integer', min: 1, max: 60000, required: true },
    IpRange: s({ pattern: model(String.raw`^[^\s]+$`), required: true }),
    Protocol: s({ enum: ['TCP', 'UDP'], required: true }),
  },
};

export const inputs = {
  ListFleets: { BuildId: BuildIdOrArn, ScriptId: ScriptIdOrArn, Limit, NextToken },
  DescribeFleetAttributes: { FleetIds: { type: 'list', min: 1, member: FleetIdOrArn }, Limit, NextToken },
  DescribeBuild: { BuildId: req(BuildIdOrArn) },
  ListContainerFleets: { ContainerGroupDefinitionName: ContainerGroupDefinitionNameOrArn, Limit, NextToken },
  DescribeContainerFleet: { FleetId: req(FleetIdOrArn) },
  DescribeFleetLocationAttributes: { FleetId: req(FleetIdOrArn), Locations: { type: 'list', min: 1, max: 100, member: Location }, Limit, NextToken },
  ListCompute: {
    FleetId: req(FleetIdOrArn),
    Location,
    ContainerGroupDefinitionName: ContainerGroupDefinitionNameOrArn,
    ComputeStatus: s({ enum: ['ACTIVE', 'IMPAIRED'] }),
    Limit,
    NextToken,
  },
  DescribeCompute: { FleetId: req(FleetIdOrArn), ComputeName: req(ComputeNameOrArn) },
  DescribeInstances: { FleetId: req(FleetIdOrArn), InstanceId, Limit, NextToken, Location },
  DescribeFleetPortSettings: { FleetId: req(FleetIdOrArn), Location },
  UpdateFleetPortSettings: {
    FleetId: req(FleetIdOrArn),
    InboundPermissionAuthorizations: { type: 'list', max: 50, member: IpPermission },
    InboundPermissionRevocations: { type: 'list', max: 50, member: IpPermission },
  },
  GetComputeAccess: { FleetId: req(FleetIdOrArn), ComputeName: req(ComputeNameOrArn) },
  GetInstanceAccess: { FleetId: req(FleetIdOrArn), InstanceId: req(InstanceId) },
  DescribeGameSessions: { FleetId: FleetIdOrArn, GameSessionId: ArnStringModel, AliasId: AliasIdOrArn, Location, StatusFilter: NonZeroAndMaxString, Limit, NextToken },
  DescribeGameSessionDetails: { FleetId: FleetIdOrArn, GameSessionId: ArnStringModel, AliasId: AliasIdOrArn, Location, StatusFilter: NonZeroAndMaxString, Limit, NextToken },
  SearchGameSessions: {
    FleetId: FleetIdOrArn,
    AliasId: AliasIdOrArn,
    Location,
    FilterExpression: NonZeroAndMaxString,
    SortExpression: NonZeroAndMaxString,
    Limit,
    NextToken,
  },
  DescribePlayerSessions: { GameSessionId: ArnStringModel, PlayerId, PlayerSessionId, PlayerSessionStatusFilter: NonZeroAndMaxString, Limit, NextToken },
  TerminateGameSession: { GameSessionId: req(ArnStringModel), TerminationMode: s({ enum: ['TRIGGER_ON_PROCESS_TERMINATE', 'FORCE_TERMINATE'], required: true }) },
  GetGameSessionLogUrl: { GameSessionId: req(ArnStringModel) },
  ListAliases: { RoutingStrategyType: s({ enum: ['SIMPLE', 'TERMINAL'] }), Name: s({ min: 1 }), Limit, NextToken: s({ min: 1 }) },
  DescribeAlias: { AliasId: req(AliasIdOrArn) },
  ResolveAlias: { AliasId: req(AliasIdOrArn) },
  DescribeFleetEvents: { FleetId: req(FleetIdOrArn), StartTime: Timestamp, EndTime: Timestamp, Limit, NextToken },
} satisfies Record<string, Shape>;

export type GameLiftOperationName = keyof typeof inputs;
