// What a session on an instance runs: a host shell as ssm-user, or — for a container compute's
// credentials — a shell inside its game server container. The two differ in prompt, hostname and
// marker variables so tests and newcomers can tell where they landed.
import type { AgentSessionSpec } from '../agent/agent-api';
import type { ContainerComputeRecord, InstanceRecord } from '../scenario/world';

export type ShellSpec = AgentSessionSpec['shell'];

const privateHostname = (instance: InstanceRecord) => {
  const n = [...instance.instanceId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return `ip-10-0-${(n >> 8) & 255}-${n & 255}`;
};

export function hostShell(instance: InstanceRecord): ShellSpec {
  const windows = instance.fleet.os === 'windows';
  return {
    program: '/bin/sh',
    args: [],
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
    },
  };
}

export function containerShell(compute: ContainerComputeRecord): ShellSpec {
  const gameServer = compute.containers[0]!;
  const shortId = gameServer.containerRuntimeId.slice(0, 12);
  return {
    program: '/bin/sh',
    args: [],
    env: {
      USER: 'root',
      HOSTNAME: shortId,
      PS1: `${shortId}:/local/game# `,
      GAMELIFT_EMULATOR_SHELL: 'container',
      GAMELIFT_EMULATOR_OS: 'linux',
      GAMELIFT_EMULATOR_TARGET: compute.host.instanceId,
      GAMELIFT_EMULATOR_FLEET_ID: compute.host.fleet.spec.fleetId,
      GAMELIFT_EMULATOR_LOCATION: compute.host.location,
      GAMELIFT_EMULATOR_CONTAINER: gameServer.containerName,
      GAMELIFT_COMPUTE_NAME: compute.name,
    },
  };
}

/** The instance's port N is 127.0.0.1:N unless the scenario (or a test) mapped it elsewhere. */
export function portResolver(instance: InstanceRecord): AgentSessionSpec['resolvePort'] {
  const self = new Set(['localhost', '127.0.0.1', instance.ipAddress, instance.dnsName].filter(Boolean));
  return (port, host) => {
    if (host !== undefined && !self.has(host)) return { host, port };
    return instance.ports.get(port) ?? { host: '127.0.0.1', port };
  };
}
