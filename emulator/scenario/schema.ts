// The scenario file format: the account, its builds and its fleets of every kind, checked on load so
// a broken scenario fails with a pointed message instead of an odd emulator answer later.
import { z } from 'zod';
import { checkIdentityCenter, identityCenterSchema } from './identity-center';

const isoDate = z.iso.datetime();
const operatingSystem = z.enum(['WINDOWS_2012', 'AMAZON_LINUX', 'AMAZON_LINUX_2', 'WINDOWS_2016', 'AMAZON_LINUX_2023', 'WINDOWS_2022']);
const fleetId = z.string().regex(/^[a-z]*fleet-[a-zA-Z0-9-]+$/);
const computeName = z.string().min(1).max(128).regex(/^[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?$/);
const instanceId = z.string().min(1).max(256).regex(/^[a-zA-Z0-9.-]+$/);
const location = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);
const ipAddress = z.string().regex(/^[0-9A-Fa-f:.]+$/);

export const ipPermissionSchema = z.object({
  FromPort: z.number().int().min(1).max(60000),
  ToPort: z.number().int().min(1).max(60000),
  IpRange: z.string(),
  Protocol: z.enum(['TCP', 'UDP']),
});

const container = z.object({ containerName: z.string().regex(/^[a-zA-Z0-9-]+$/), containerRuntimeId: z.string().min(1) });

const containerCompute = z.object({
  computeName,
  status: z.string().default('ACTIVE'),
  containers: z.array(container).min(1).max(10),
});

/** `ports` maps an instance port to where it really listens (e.g. {"22": 50022} for a test sshd). */
const portMap = z.record(z.string().regex(/^\d+$/), z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(1).max(65535) }));

const instance = z.object({
  instanceId,
  ipAddress,
  dnsName: z.string().optional(),
  status: z.enum(['PENDING', 'ACTIVE', 'TERMINATING']).default('ACTIVE'),
  creationTime: isoDate.optional(),
  ports: portMap.default({}),
  /** Container fleets: the game server container groups (computes) this instance hosts. */
  computes: z.array(containerCompute).default([]),
});

const anywhereCompute = z.object({ computeName, ipAddress: ipAddress.optional(), dnsName: z.string().optional(), status: z.string().default('ACTIVE') });

const fleetLocation = z.object({
  location,
  status: z.string().default('ACTIVE'),
  instances: z.array(instance).default([]),
  /** Generates this many more ACTIVE instances (ids derived from the fleet), for scale tests. */
  generateInstances: z.number().int().min(0).max(100000).default(0),
  /** Anywhere fleets: registered computes. */
  computes: z.array(anywhereCompute).default([]),
});

const fleetCommon = {
  fleetId,
  name: z.string().min(1).max(1024),
  description: z.string().min(1).max(1024).optional(),
  status: z.enum(['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING', 'ACTIVE', 'DELETING', 'ERROR', 'TERMINATED', 'NOT_FOUND', 'EXPIRED']),
  creationTime: isoDate,
  locations: z.array(fleetLocation).min(1),
};

const ec2Fleet = z.object({
  ...fleetCommon,
  type: z.literal('EC2'),
  buildId: z.string().regex(/^build-\S+$/),
  instanceType: z.string(),
  fleetType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
  inboundPermissions: z.array(ipPermissionSchema).max(50).default([]),
});

const anywhereFleet = z.object({ ...fleetCommon, type: z.literal('ANYWHERE'), buildId: z.string().regex(/^build-\S+$/) });

const containerFleet = z.object({
  ...fleetCommon,
  type: z.literal('CONTAINER'),
  status: z.enum(['PENDING', 'CREATING', 'CREATED', 'ACTIVATING', 'ACTIVE', 'UPDATING', 'DELETING', 'EXPIRED']),
  instanceType: z.string(),
  billingType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
  gameServerContainerGroupDefinitionName: z.string().regex(/^[a-zA-Z0-9-]+$/),
  perInstanceContainerGroupDefinitionName: z.string().regex(/^[a-zA-Z0-9-]+$/).optional(),
  gameServerContainerGroupsPerInstance: z.number().int().min(1).max(5000).default(1),
  instanceConnectionPortRange: z.object({ FromPort: z.number().int(), ToPort: z.number().int() }),
  inboundPermissions: z.array(ipPermissionSchema).max(50).default([]),
});

const build = z.object({
  buildId: z.string().regex(/^build-\S+$/),
  name: z.string(),
  version: z.string(),
  status: z.enum(['INITIALIZED', 'READY', 'FAILED']).default('READY'),
  operatingSystem,
  serverSdkVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  sizeOnDisk: z.number().int().min(0).default(0),
  creationTime: isoDate,
});

/** Minutes before the emulator started (scenario times that stay recent whenever it runs). */
const minutesAgo = z.number().min(0).max(60 * 24 * 365);

const gameProperty = z.object({ Key: z.string().max(32), Value: z.string().max(96) });

const playerSession = z.object({
  playerSessionId: z.string().max(128).regex(/^psess-\S+$/),
  playerId: z.string().min(1).max(1024),
  status: z.enum(['RESERVED', 'ACTIVE', 'COMPLETED', 'TIMEDOUT']),
  joinedMinutesAgo: minutesAgo,
  /** COMPLETED and TIMEDOUT: when the player session ended (default: the game session's end, else 1 minute after joining). */
  leftMinutesAgo: minutesAgo.optional(),
  playerData: z.string().min(1).max(2048).optional(),
});

/** A game session on a compute of a fleet location; its IP and DNS name are the compute's. */
const gameSession = z.object({
  fleetId,
  location,
  computeName,
  /** The ID string at the end of the GameSessionId ARN. */
  id: z.string().min(1).max(48).regex(/^[a-zA-Z0-9-]+$/),
  name: z.string().min(1).max(1024).optional(),
  status: z.enum(['ACTIVE', 'ACTIVATING', 'TERMINATED', 'TERMINATING', 'ERROR']),
  statusReason: z.enum(['INTERRUPTED', 'TRIGGERED_ON_PROCESS_TERMINATE', 'FORCE_TERMINATED']).optional(),
  startedMinutesAgo: minutesAgo,
  /** TERMINATED: when it ended. */
  endedMinutesAgo: minutesAgo.optional(),
  /** TERMINATED because its server process crashed (no StatusReason fits; the log says so). */
  crashed: z.boolean().default(false),
  port: z.number().int().min(1).max(60000),
  maximumPlayerSessionCount: z.number().int().min(0),
  playerSessionCreationPolicy: z.enum(['ACCEPT_ALL', 'DENY_ALL']).default('ACCEPT_ALL'),
  protectionPolicy: z.enum(['NoProtection', 'FullProtection']).default('NoProtection'),
  gameProperties: z.array(gameProperty).max(16).default([]),
  creatorId: z.string().min(1).max(1024).optional(),
  gameSessionData: z.string().min(1).max(4096).optional(),
  matchmakerData: z.string().min(1).optional(),
  players: z.array(playerSession).default([]),
  /** The server's log, stored (zipped) when the session ends; default: a log written from the session. */
  log: z.string().optional(),
});

const eventCodes = [
  'GENERIC_EVENT', 'FLEET_CREATED', 'FLEET_DELETED', 'FLEET_EXPIRED', 'FLEET_SCALING_EVENT', 'FLEET_STATE_DOWNLOADING', 'FLEET_STATE_VALIDATING',
  'FLEET_STATE_BUILDING', 'FLEET_STATE_ACTIVATING', 'FLEET_STATE_ACTIVE', 'FLEET_STATE_ERROR', 'FLEET_STATE_PENDING', 'FLEET_STATE_CREATING',
  'FLEET_STATE_CREATED', 'FLEET_STATE_UPDATING', 'FLEET_INITIALIZATION_FAILED', 'FLEET_BINARY_DOWNLOAD_FAILED', 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND',
  'FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE', 'FLEET_VALIDATION_TIMED_OUT', 'FLEET_ACTIVATION_FAILED', 'FLEET_ACTIVATION_FAILED_NO_INSTANCES',
  'FLEET_NEW_GAME_SESSION_PROTECTION_POLICY_UPDATED', 'SERVER_PROCESS_INVALID_PATH', 'SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT',
  'SERVER_PROCESS_PROCESS_READY_TIMEOUT', 'SERVER_PROCESS_CRASHED', 'SERVER_PROCESS_TERMINATED_UNHEALTHY', 'SERVER_PROCESS_FORCE_TERMINATED',
  'SERVER_PROCESS_PROCESS_EXIT_TIMEOUT', 'SERVER_PROCESS_SDK_INITIALIZATION_FAILED', 'SERVER_PROCESS_MISCONFIGURED_CONTAINER_PORT',
  'GAME_SESSION_ACTIVATION_TIMEOUT', 'FLEET_CREATION_EXTRACTING_BUILD', 'FLEET_CREATION_RUNNING_INSTALLER', 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG',
  'FLEET_VPC_PEERING_SUCCEEDED', 'FLEET_VPC_PEERING_FAILED', 'FLEET_VPC_PEERING_DELETED', 'INSTANCE_INTERRUPTED', 'INSTANCE_RECYCLED',
  'INSTANCE_REPLACED_UNHEALTHY', 'FLEET_CREATION_COMPLETED_INSTALLER', 'FLEET_CREATION_FAILED_INSTALLER', 'COMPUTE_LOG_UPLOAD_FAILED',
  'GAME_SERVER_CONTAINER_GROUP_CRASHED', 'PER_INSTANCE_CONTAINER_GROUP_CRASHED', 'GAME_SERVER_CONTAINER_GROUP_REPLACED_UNHEALTHY',
  'LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_CREATED', 'LOCATION_STATE_ACTIVATING', 'LOCATION_STATE_ACTIVE',
  'LOCATION_STATE_UPDATING', 'LOCATION_STATE_ERROR', 'LOCATION_STATE_DELETING', 'LOCATION_STATE_DELETED',
] as const;
export const eventCodeSchema = z.enum(eventCodes);

/**
 * A fleet event beyond the status changes generated from the fleet's status: when it happened
 * (minutes before start-up, or minutes after the fleet's creation), and a log behind PreSignedLogUrl.
 */
const fleetEvent = z
  .object({
    fleetId,
    eventCode: eventCodeSchema,
    message: z.string().min(1),
    minutesAgo: minutesAgo.optional(),
    minutesAfterFleetCreation: z.number().min(0).optional(),
    count: z.number().int().min(1).max(101).optional(),
    /** Text served at the event's PreSignedLogUrl (none: the event has no log). */
    log: z.string().optional(),
  })
  .refine((e) => (e.minutesAgo === undefined) !== (e.minutesAfterFleetCreation === undefined), 'give exactly one of minutesAgo, minutesAfterFleetCreation');

const alias = z.object({
  aliasId: z.string().regex(/^alias-\S+$/),
  name: z.string().min(1).max(1024),
  description: z.string().optional(),
  routingStrategy: z.discriminatedUnion('type', [
    z.object({ type: z.literal('SIMPLE'), fleetId }),
    z.object({ type: z.literal('TERMINAL'), message: z.string().min(1) }),
  ]),
  creationTime: isoDate,
});

const scenarioObject = z.object({
    accountId: z.string().regex(/^\d{12}$/),
    /** The GameLift-managed account that owns fleet instances and their SSM sessions. */
    managedAccountId: z.string().regex(/^\d{12}$/),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
    sessionManager: z
      .object({
        kmsEncryption: z.boolean().default(true),
        idleTimeoutMinutes: z.number().int().min(1).max(60).default(20),
        agentVersion: z.string().default('3.3.808.0'),
        /** The output keys of the AWS-StartNonInteractiveCommand document's per-OS block (§10); unset = AWS's own. */
        nonInteractiveCommands: z
          .object({
            separateOutputStream: z.union([z.boolean(), z.string()]).optional(),
            stdOutSeparatorPrefix: z.string().optional(),
            stdErrSeparatorPrefix: z.string().optional(),
          })
          .optional(),
      })
      .prefault({}),
    builds: z.array(build),
    fleets: z.array(z.discriminatedUnion('type', [ec2Fleet, anywhereFleet, containerFleet])),
    aliases: z.array(alias).default([]),
    gameSessions: z.array(gameSession).default([]),
    fleetEvents: z.array(fleetEvent).default([]),
    /** IAM Identity Center (sign-in): see identity-center.ts. */
    identityCenter: identityCenterSchema.optional(),
  });

export const scenarioSchema = scenarioObject.superRefine((s, ctx) => {
    const builds = new Set(s.builds.map((b) => b.buildId));
    const fleetIds = new Set<string>();
    const instanceIds = new Set<string>();
    s.fleets.forEach((f, i) => {
      if (fleetIds.has(f.fleetId)) ctx.addIssue({ code: 'custom', path: ['fleets', i, 'fleetId'], message: `duplicate fleet ${f.fleetId}` });
      fleetIds.add(f.fleetId);
      if (f.type === 'CONTAINER' !== f.fleetId.startsWith('containerfleet-')) {
        ctx.addIssue({ code: 'custom', path: ['fleets', i, 'fleetId'], message: 'container fleets, and only they, have ids containerfleet-…' });
      }
      if ('buildId' in f && !builds.has(f.buildId)) ctx.addIssue({ code: 'custom', path: ['fleets', i, 'buildId'], message: `unknown build ${f.buildId}` });
      if (f.locations[0]?.location !== s.region && f.type !== 'ANYWHERE') {
        ctx.addIssue({ code: 'custom', path: ['fleets', i, 'locations', 0], message: `the first location is the home Region, ${s.region}` });
      }
      f.locations.forEach((l, j) =>
        l.instances.forEach((inst, k) => {
          if (instanceIds.has(inst.instanceId)) {
            ctx.addIssue({ code: 'custom', path: ['fleets', i, 'locations', j, 'instances', k], message: `duplicate instance ${inst.instanceId}` });
          }
          instanceIds.add(inst.instanceId);
        }),
      );
    });
    checkGameData(s, ctx);
    if (s.identityCenter) checkIdentityCenter(s.identityCenter, ctx);
  });

type Parsed = z.infer<typeof scenarioObject>;

/** Game sessions sit on real computes of their fleet location; IDs are unique; fleets and aliases exist. */
function checkGameData(s: Parsed, ctx: z.RefinementCtx): void {
  const computes = new Map<string, Set<string>>();
  for (const f of s.fleets) {
    for (const l of f.locations) {
      const names = new Set<string>();
      for (const i of l.instances) {
        if (f.type === 'CONTAINER') i.computes.forEach((c) => names.add(c.computeName));
        else names.add(i.instanceId);
      }
      for (let i = 0; i < l.generateInstances; i++) names.add(generatedInstanceId(f.fleetId, i));
      l.computes.forEach((c) => names.add(c.computeName));
      computes.set(`${f.fleetId}/${l.location}`, names);
    }
  }
  const fleetIds = new Set(s.fleets.map((f) => f.fleetId));
  const ids = new Set<string>();
  const playerSessionIds = new Set<string>();
  s.gameSessions.forEach((g, i) => {
    const at = (...path: (string | number)[]) => ['gameSessions', i, ...path];
    if (!fleetIds.has(g.fleetId)) ctx.addIssue({ code: 'custom', path: at('fleetId'), message: `unknown fleet ${g.fleetId}` });
    else if (!computes.has(`${g.fleetId}/${g.location}`)) ctx.addIssue({ code: 'custom', path: at('location'), message: `fleet ${g.fleetId} has no location ${g.location}` });
    else if (!computes.get(`${g.fleetId}/${g.location}`)!.has(g.computeName)) {
      ctx.addIssue({ code: 'custom', path: at('computeName'), message: `no compute ${g.computeName} in ${g.fleetId} at ${g.location}` });
    }
    const key = `${g.fleetId}/${g.id}`;
    if (ids.has(key)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate game session ${g.id}` });
    ids.add(key);
    const ended = g.status === 'TERMINATED';
    if (ended !== (g.endedMinutesAgo !== undefined)) ctx.addIssue({ code: 'custom', path: at('endedMinutesAgo'), message: 'TERMINATED game sessions, and only they, have endedMinutesAgo' });
    if (g.statusReason && !ended) ctx.addIssue({ code: 'custom', path: at('statusReason'), message: 'only TERMINATED game sessions have a statusReason' });
    if (g.crashed && (!ended || g.statusReason)) ctx.addIssue({ code: 'custom', path: at('crashed'), message: 'a crashed game session is TERMINATED without a statusReason' });
    if (g.endedMinutesAgo !== undefined && g.endedMinutesAgo > g.startedMinutesAgo) ctx.addIssue({ code: 'custom', path: at('endedMinutesAgo'), message: 'a game session ends after it starts' });
    g.players.forEach((p, j) => {
      if (playerSessionIds.has(p.playerSessionId)) ctx.addIssue({ code: 'custom', path: at('players', j, 'playerSessionId'), message: `duplicate player session ${p.playerSessionId}` });
      playerSessionIds.add(p.playerSessionId);
      if (g.status !== 'ACTIVE' && (p.status === 'ACTIVE' || p.status === 'RESERVED')) {
        ctx.addIssue({ code: 'custom', path: at('players', j, 'status'), message: 'only an ACTIVE game session has ACTIVE or RESERVED players' });
      }
    });
  });
  s.fleetEvents.forEach((e, i) => {
    if (!fleetIds.has(e.fleetId)) ctx.addIssue({ code: 'custom', path: ['fleetEvents', i, 'fleetId'], message: `unknown fleet ${e.fleetId}` });
  });
  s.aliases.forEach((a, i) => {
    if (a.routingStrategy.type === 'SIMPLE' && !fleetIds.has(a.routingStrategy.fleetId)) {
      ctx.addIssue({ code: 'custom', path: ['aliases', i, 'routingStrategy', 'fleetId'], message: `unknown fleet ${a.routingStrategy.fleetId}` });
    }
  });
}

/** The ID of a fleet's i-th generated instance (`generateInstances`). */
export function generatedInstanceId(fleetId: string, i: number): string {
  const tag = fleetId.replace(/[^0-9a-f]/g, '').slice(-4).padStart(4, '0');
  return `i-0${tag}${i.toString(16).padStart(12, '0')}`;
}

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioFleet = Scenario['fleets'][number];
export type ScenarioBuild = Scenario['builds'][number];
export type IpPermission = z.infer<typeof ipPermissionSchema>;
