// The scenario file format: the account, its builds and its fleets of every kind, checked on load so
// a broken scenario fails with a pointed message instead of an odd emulator answer later.
import { z } from 'zod';

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

export const scenarioSchema = z
  .object({
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
  })
  .superRefine((s, ctx) => {
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
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioFleet = Scenario['fleets'][number];
export type ScenarioBuild = Scenario['builds'][number];
export type IpPermission = z.infer<typeof ipPermissionSchema>;
