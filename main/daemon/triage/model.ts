// AWS shapes to the contract's: a GameSession, a FleetEvent (its severity, the compute its message
// names), and what a UI needs to connect. The presigned log URL of an event never enters these.
import type { Event, GameSession as AwsGameSession, GameLiftClient } from '@aws-sdk/client-gamelift';
import type { FleetEvent, GameSession } from '../../../preload/contract';
import { mapAwsError, type AwsCallContext } from '../aws/errors';

/** Who calls AWS for the triage calls: the current identity's client, Region and profile. */
export interface CallContext {
  client: GameLiftClient;
  region: string;
  profile: string | null;
}

/** Runs an AWS call, mapping a refusal through the one AWS-error mapping. */
export async function awsCall<T>(ctx: CallContext, operation: string, about: Omit<AwsCallContext, 'service' | 'operation' | 'region' | 'profile'>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapAwsError(err, { service: 'gamelift', operation, region: ctx.region, profile: ctx.profile, ...about });
  }
}

const ms = (d: Date | undefined): number | undefined => (d ? d.getTime() : undefined);

/** `computeName`: the compute the session runs on, when GameLift did not name it (older fleets: the instance matched by IP). */
export function toGameSession(g: AwsGameSession, computeName?: string): GameSession {
  const createdAt = ms(g.CreationTime);
  const terminatedAt = ms(g.TerminationTime);
  const compute = g.ComputeName ?? computeName;
  return {
    gameSessionId: g.GameSessionId ?? '',
    ...(g.Name ? { name: g.Name } : {}),
    fleetId: g.FleetId ?? fleetOfArn(g.GameSessionId) ?? '',
    location: g.Location ?? '',
    ...(compute ? { computeName: compute } : {}),
    status: String(g.Status ?? 'UNKNOWN'),
    ...(g.StatusReason ? { statusReason: String(g.StatusReason) } : {}),
    ...(g.IpAddress ? { ipAddress: g.IpAddress } : {}),
    ...(g.DnsName ? { dnsName: g.DnsName } : {}),
    ...(g.Port !== undefined ? { port: g.Port } : {}),
    currentPlayers: g.CurrentPlayerSessionCount ?? 0,
    maxPlayers: g.MaximumPlayerSessionCount ?? 0,
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(terminatedAt !== undefined ? { terminatedAt } : {}),
  };
}

/** arn:aws:gamelift:<home>::gamesession/<fleet ID>/[<location>/]<ID> */
const GAME_SESSION_ARN = /^arn:[a-z-]+:gamelift:([a-z0-9-]+):[0-9]*:gamesession\/([a-z]*fleet-[a-zA-Z0-9-]+)\/(?:([A-Za-z0-9-]+)\/)?([^/]+)$/;

export function parseGameSessionArn(text: string): { region: string; fleetId: string; location: string | undefined; id: string } | undefined {
  const m = GAME_SESSION_ARN.exec(text);
  return m ? { region: m[1]!, fleetId: m[2]!, location: m[3], id: m[4]! } : undefined;
}

function fleetOfArn(arn: string | undefined): string | undefined {
  return arn ? parseGameSessionArn(arn)?.fleetId : undefined;
}

/** The GameSessionId ARN GameLift gives a game session with this ID string in this fleet location. */
export function gameSessionArn(homeRegion: string, fleetId: string, location: string, id: string): string {
  return `arn:aws:gamelift:${homeRegion}::gamesession/${fleetId}/${location === homeRegion ? '' : `${location}/`}${id}`;
}

// ---- fleet events ----

/** The events the watch raises a notification for (the model's EventCode enum: crashes and failures). */
export const ALERT_CODES: ReadonlySet<string> = new Set([
  'SERVER_PROCESS_CRASHED',
  'SERVER_PROCESS_TERMINATED_UNHEALTHY',
  'FLEET_INITIALIZATION_FAILED',
  'FLEET_BINARY_DOWNLOAD_FAILED',
  'FLEET_ACTIVATION_FAILED',
  'FLEET_ACTIVATION_FAILED_NO_INSTANCES',
  'FLEET_VPC_PEERING_FAILED',
  'FLEET_CREATION_FAILED_INSTALLER',
  'FLEET_STATE_ERROR',
  'GAME_SERVER_CONTAINER_GROUP_CRASHED',
  'PER_INSTANCE_CONTAINER_GROUP_CRASHED',
]);

const ERROR_CODES: ReadonlySet<string> = new Set([
  ...ALERT_CODES,
  'LOCATION_STATE_ERROR',
  'SERVER_PROCESS_INVALID_PATH',
  'SERVER_PROCESS_SDK_INITIALIZATION_FAILED',
  'SERVER_PROCESS_MISCONFIGURED_CONTAINER_PORT',
  'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND',
  'FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE',
  'FLEET_VALIDATION_TIMED_OUT',
  'COMPUTE_LOG_UPLOAD_FAILED',
]);

const WARNING_CODES: ReadonlySet<string> = new Set([
  'SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT',
  'SERVER_PROCESS_PROCESS_READY_TIMEOUT',
  'SERVER_PROCESS_PROCESS_EXIT_TIMEOUT',
  'SERVER_PROCESS_FORCE_TERMINATED',
  'GAME_SESSION_ACTIVATION_TIMEOUT',
  'INSTANCE_INTERRUPTED',
  'INSTANCE_RECYCLED',
  'INSTANCE_REPLACED_UNHEALTHY',
  'GAME_SERVER_CONTAINER_GROUP_REPLACED_UNHEALTHY',
  'FLEET_VPC_PEERING_DELETED',
]);

export function severity(code: string): FleetEvent['severity'] {
  if (ERROR_CODES.has(code)) return 'error';
  if (WARNING_CODES.has(code)) return 'warning';
  return 'info';
}

/**
 * The compute an event's message names: "compute <name>" (containers, Anywhere), else an EC2
 * instance ID (which is the compute name on EC2 fleets).
 */
export function computeInMessage(message: string): string | undefined {
  const compute = /\bcompute[:\s]+([A-Za-z0-9-]{3,128})\b/i.exec(message)?.[1];
  if (compute && !/^(fleet|instance|name)$/i.test(compute)) return compute;
  return /\b(i-[0-9a-f]{8,17})\b/.exec(message)?.[1];
}

export function toFleetEvent(e: Event, fleetId: string): FleetEvent {
  const code = String(e.EventCode ?? 'GENERIC_EVENT');
  const message = e.Message ?? '';
  const computeName = computeInMessage(message);
  return {
    eventId: e.EventId ?? '',
    fleetId,
    ...(e.ResourceId ? { resourceId: e.ResourceId } : {}),
    code,
    message,
    time: e.EventTime?.getTime() ?? 0,
    ...(e.Count !== undefined ? { count: e.Count } : {}),
    severity: severity(code),
    hasLog: Boolean(e.PreSignedLogUrl),
    ...(computeName ? { computeName } : {}),
  };
}
