// What a session on an instance runs: a host shell as ssm-user. On a container fleet's host, as on
// AWS, a session always lands on the host — whichever compute's credentials started it — and the
// game server containers are entered with `sudo docker exec -it <ContainerRuntimeId> sh`: small
// `sudo` and `docker` shims (../host-tools) come first on the host's PATH and read the host's
// containers from GAMELIFT_EMULATOR_CONTAINERS, written here. Host and container differ in prompt,
// hostname and marker variables so tests and newcomers can tell where they landed.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AgentSessionSpec } from '../agent/agent-api';
import { DEFAULT_PATH } from '../agent/shell-session';
import { inInstanceRoot } from '../core/instance-root';
import type { ContainerComputeRecord, InstanceRecord } from '../scenario/world';

export type ShellSpec = AgentSessionSpec['shell'];

/** The folder of the emulated host's `sudo` and `docker`. */
export const HOST_TOOLS = fileURLToPath(new URL('../host-tools', import.meta.url));

const privateHostname = (instance: InstanceRecord) => {
  const n = [...instance.instanceId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return `ip-10-0-${(n >> 8) & 255}-${n & 255}`;
};

export function hostShell(instance: InstanceRecord, now = Date.now()): ShellSpec {
  const windows = instance.fleet.os === 'windows';
  // An instance with its own root (tests): the same shell, in its private mount namespace.
  const { program, args } = instance.root ? inInstanceRoot(instance.root, '/bin/sh', []) : { program: '/bin/sh', args: [] };
  return {
    program,
    args,
    // The agent's systemd unit sets WorkingDirectory=/usr/bin/ and a session's shell inherits it:
    // an SSM shell on Linux starts in /usr/bin, not the home (what `pwd` shows on AWS).
    ...(windows ? {} : { cwd: '/usr/bin' }),
    env: {
      USER: 'ssm-user',
      HOSTNAME: windows ? `EC2AMAZ-${instance.instanceId.slice(-7).toUpperCase()}` : privateHostname(instance),
      // An SSM shell on Amazon Linux shows "sh-5.2$"; on Windows it is PowerShell.
      PS1: windows ? 'PS C:\\Windows\\system32> ' : 'sh-5.2$ ',
      GAMELIFT_EMULATOR_SHELL: 'host',
      GAMELIFT_EMULATOR_OS: instance.fleet.os,
      GAMELIFT_EMULATOR_TARGET: instance.instanceId,
      GAMELIFT_EMULATOR_FLEET_ID: instance.fleet.spec.fleetId,
      GAMELIFT_EMULATOR_LOCATION: instance.location,
      ...(instance.fleet.spec.type === 'CONTAINER' ? { PATH: `${HOST_TOOLS}:${DEFAULT_PATH}`, GAMELIFT_EMULATOR_CONTAINERS: dockerContainers(instance, now) } : {}),
    },
  };
}

interface Container {
  containerName: string;
  containerRuntimeId: string;
}

/** The environment of a shell inside one of the host's containers (what `docker exec` gives). */
export function containerEnvironment(host: InstanceRecord, container: Container, compute?: ContainerComputeRecord): Record<string, string> {
  const shortId = container.containerRuntimeId.slice(0, 12);
  return {
    PATH: DEFAULT_PATH,
    USER: 'root',
    HOSTNAME: shortId,
    PS1: `${shortId}:/local/game# `,
    GAMELIFT_EMULATOR_SHELL: 'container',
    GAMELIFT_EMULATOR_OS: 'linux',
    GAMELIFT_EMULATOR_TARGET: host.instanceId,
    GAMELIFT_EMULATOR_FLEET_ID: host.fleet.spec.fleetId,
    GAMELIFT_EMULATOR_LOCATION: host.location,
    GAMELIFT_EMULATOR_CONTAINER: container.containerName,
    ...(compute ? { GAMELIFT_COMPUTE_NAME: compute.name } : {}),
  };
}

/**
 * The host's containers for the docker shim, one line each, tab-separated: ID, IMAGE, COMMAND,
 * CREATED, STATUS, PORTS, NAMES (as `docker ps` shows them), then the container's environment as
 * single-quoted shell assignments, then its output for `docker logs` (lines joined by a backslash
 * and n). The containers of every compute on the host, and the per-instance container group's one
 * support container when the fleet has that group.
 */
export function dockerContainers(instance: InstanceRecord, now = Date.now()): string {
  const spec = instance.fleet.spec;
  if (spec.type !== 'CONTAINER') return '';
  const [, , , region, account] = instance.fleet.arn.split(':');
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
  // Containers start a minute after their instance; times as Docker words them ("Up 2 hours").
  const age = humanDuration(now - (instance.creationTime + 60_000));
  const clean = (s: string) => s.replace(/[\t\r\n]/g, ' ');
  const quote = (s: string) => `'${clean(s).replace(/'/g, `'\\''`)}'`;
  const line = (group: string, container: Container, compute?: ContainerComputeRecord) => {
    const env = Object.entries(containerEnvironment(instance, container, compute)).map(([k, v]) => `${k}=${quote(v)}`);
    // Docker names of ECS-run containers: ecs-<task family>-<revision>-<container>-<20 hex>.
    const suffix = createHash('sha256').update(container.containerRuntimeId).digest('hex').slice(0, 20);
    return [container.containerRuntimeId, `${registry}/${container.containerName}:latest`, '"/entrypoint.sh"', `${age} ago`, `Up ${age}`, '', `ecs-${group}-1-${container.containerName}-${suffix}`]
      .map(clean)
      .concat(env.join(' '), containerOutput(instance, container, compute).join('\\n'))
      .join('\t');
  };
  const lines = instance.computes.flatMap((compute) => compute.containers.map((c) => line(spec.gameServerContainerGroupDefinitionName, c, compute)));
  const perInstance = spec.perInstanceContainerGroupDefinitionName;
  if (perInstance) {
    const containerRuntimeId = createHash('sha256').update(`${instance.instanceId}/${perInstance}`).digest('hex');
    lines.push(line(perInstance, { containerName: 'support', containerRuntimeId }));
  }
  return lines.join('\n');
}

/**
 * What `docker logs` shows for a container: its start as a game server (or support) process logs
 * it, each line prefixed by the RFC 3339 time Docker records (shown with --timestamps).
 */
function containerOutput(instance: InstanceRecord, container: Container, compute?: ContainerComputeRecord): string[] {
  const started = instance.creationTime + 60_000;
  const at = (s: number) => new Date(started + s * 1000).toISOString().replace('Z', '000000Z');
  if (!compute) return [`${at(0)} support: sidecar started on ${instance.instanceId}`, `${at(1)} support: healthy`];
  return [
    `${at(0)} GameServer starting in container ${container.containerName} (compute ${compute.name})`,
    `${at(1)} InitSDK(): connected to the GameLift agent`,
    `${at(2)} ProcessReady(): port 33430, log paths [/local/game/logs]`,
    `${at(3)} OnHealthCheck(): healthy`,
  ];
}

/** Docker's wording of a duration (go-units HumanDuration). */
function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 14) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 60) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 730) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** The instance's port N is 127.0.0.1:N unless the scenario (or a test) mapped it elsewhere. */
export function portResolver(instance: InstanceRecord): AgentSessionSpec['resolvePort'] {
  const self = new Set(['localhost', '127.0.0.1', instance.ipAddress, instance.dnsName].filter(Boolean));
  return (port, host) => {
    if (host !== undefined && !self.has(host)) return { host, port };
    return instance.ports.get(port) ?? { host: '127.0.0.1', port };
  };
}
