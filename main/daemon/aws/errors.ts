// The one place AWS failures become ApiErrors a user can act on: which permission is missing,
// which fleet state blocks the call, throttling, expired or missing credentials, unknown fleets.
import { DaemonError } from '../errors';

export interface AwsCallContext {
  /** IAM service prefix of the call, e.g. 'gamelift' or 'ssm'. */
  service: 'gamelift' | 'ssm' | 'kms';
  /** The API operation, e.g. 'GetComputeAccess' (its IAM action has the same name). */
  operation: string;
  fleetId?: string;
  computeName?: string;
  /** The game session (ARN) the call was about: NotFound and status refusals name it. */
  gameSessionId?: string;
  region?: string;
  profile?: string | null;
}

const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedException', 'NotAuthorized']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

/** Whether AWS refused a call for its rate: the access broker retries these, everything else reports them. */
export const isThrottling = (err: unknown): boolean => THROTTLED.has(String((err as { name?: unknown } | null)?.name));
const FLEET_STATE = /\b(NEW|DOWNLOADING|VALIDATING|BUILDING|ACTIVATING|DELETING|TERMINATED|ERROR|EXPIRED|NOT_FOUND)\b/;
const UNREACHABLE_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function loginHint(profile: string | null | undefined): string {
  return profile
    ? `Sign in again (for SSO profiles: gamelift-connect login --profile ${profile}, or aws sso login --profile ${profile}) or pick another profile.`
    : 'Refresh your AWS credentials (environment, default profile or SSO login) or pick a profile.';
}

/** AWS's own message, trimmed: it names the resource and, for denials, the principal. */
function awsMessage(err: { message?: unknown }): string {
  const text = typeof err.message === 'string' ? err.message.trim() : '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function mapAwsError(err: unknown, ctx: AwsCallContext): DaemonError {
  if (err instanceof DaemonError) return err;
  const e = (err ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = String(e.name ?? '');
  const action = `${ctx.service}:${ctx.operation}`;
  const fleet = ctx.fleetId ? `fleet ${ctx.fleetId}` : 'the fleet';
  const where = ctx.region ? ` in ${ctx.region}` : '';
  const detail = awsMessage(e);

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
    return new DaemonError('NoCredentials', `No AWS credentials found${ctx.profile ? ` for profile ${ctx.profile}` : ''}.`, loginHint(ctx.profile));
  }
  // "Invalid NextToken: … expired …" is about a page token, not the credentials.
  if (name === 'InvalidRequestException' && /NextToken/.test(detail)) {
    return new DaemonError('InvalidInput', `GameLift refused the page token of ${ctx.operation}: it is malformed, expired or belongs to another listing.`, 'List again from the first page.');
  }
  if (EXPIRED.has(name) || /token.*(expired|invalid)|expired.*token|sso session.*expired/i.test(detail)) {
    return new DaemonError('CredentialsExpired', `Your AWS credentials were rejected as expired or invalid (${ctx.operation}).`, loginHint(ctx.profile));
  }
  if (DENIED.has(name)) {
    return new DaemonError(
      'AccessDenied',
      `Your AWS identity is not allowed to call ${action} on ${fleet}${where}.`,
      `Ask your administrator to allow "${action}"${ctx.fleetId ? ` for ${ctx.fleetId}` : ''}. AWS said: ${detail || name}`,
    );
  }
  if (THROTTLED.has(name)) {
    return new DaemonError('Throttled', `AWS is throttling ${action}; try again in a few seconds.`);
  }
  if (ctx.gameSessionId) {
    const refusal = gameSessionRefusal(name, detail, ctx.gameSessionId, ctx.operation, where);
    if (refusal) return refusal;
  }
  if (name === 'NotFoundException' || name === 'DoesNotExistException' || name === 'InvalidInstanceId') {
    const what = ctx.computeName ? `Compute ${ctx.computeName} of ${fleet}` : fleet.charAt(0).toUpperCase() + fleet.slice(1);
    return new DaemonError('NotFound', `${what} was not found${where}.`, 'It may have been deleted or scaled in; refresh the list, or check the Region.');
  }
  if (name === 'InvalidFleetStatusException') {
    return new DaemonError('FleetNotReady', `${cap(fleet)} is not in a state that allows ${ctx.operation}.`, detail || 'Wait until the fleet is ACTIVE.');
  }
  if (name === 'ConflictException') {
    return new DaemonError('FleetNotReady', `${cap(fleet)} is busy with another update (${ctx.operation}); try again shortly.`, detail || undefined);
  }
  if (name === 'UnsupportedRegionException') {
    return new DaemonError('Unsupported', `${ctx.operation} is not supported${where || ' in this Region'}.`, detail || undefined);
  }
  if (name === 'LimitExceededException') {
    return new DaemonError('Unsupported', `A GameLift limit was reached (${ctx.operation}).`, detail || undefined);
  }
  if (name === 'TargetNotConnected') {
    return new DaemonError('Unreachable', `The instance is not connected to Session Manager yet${where}.`, 'Instances that just started need a minute; otherwise check the compute status.');
  }
  // GameLift reports a blocking fleet state as InvalidRequestException naming the state.
  if (name === 'InvalidRequestException' && FLEET_STATE.test(detail)) {
    return new DaemonError('FleetNotReady', `${cap(fleet)} is not in a state that allows ${ctx.operation}.`, detail);
  }
  if (name === 'InvalidRequestException' || name === 'ValidationException') {
    return new DaemonError('InvalidInput', `GameLift refused ${ctx.operation}: ${detail || name}`);
  }
  if (UNREACHABLE_NET.has(String(e.code ?? '')) || name === 'TimeoutError' || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(detail)) {
    return new DaemonError('Unreachable', `Could not reach AWS (${ctx.service}${where}).`, 'Check your network connection, proxy or VPN.');
  }
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (name === 'InternalServiceException' || name === 'InternalServerError' || status >= 500) {
    return new DaemonError('Unreachable', `AWS had an internal error on ${ctx.operation}; try again.`);
  }
  return new DaemonError('Internal', `${ctx.operation} failed: ${name || 'unknown error'}${detail ? ` (${detail})` : ''}`);
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The last part of a game session ARN (its ID string), for messages. */
const shortGameSession = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1) || arn;

/** Refusals of the game session calls (TerminateGameSession, GetGameSessionLogUrl, Describe…), in words about the game session. */
function gameSessionRefusal(name: string, detail: string, gameSessionId: string, operation: string, where: string): DaemonError | undefined {
  const id = shortGameSession(gameSessionId);
  if (name === 'NotFoundException') {
    if (operation === 'GetGameSessionLogUrl' && /\blogs?\b/i.test(detail)) {
      return new DaemonError('NotFound', `GameLift has no log for game session ${id}.`, detail);
    }
    return new DaemonError('NotFound', `Game session ${id} was not found${where}.`, detail || 'Game session IDs are full ARNs; check the Region (the fleet\'s home Region).');
  }
  if (name === 'InvalidGameSessionStatusException') {
    return new DaemonError('InvalidInput', `Game session ${id} cannot be ended in its current status (it is ending or has ended).`, detail || undefined);
  }
  if (name === 'NotReadyException') {
    return new DaemonError('FleetNotReady', `GameLift is not ready to ${operation === 'TerminateGameSession' ? 'end' : 'change'} game session ${id} yet; try again shortly.`, detail || undefined);
  }
  if (name === 'InvalidRequestException' && /\bSDK\b/.test(detail)) {
    return new DaemonError('Unsupported', `${operation} needs a game server built with server SDK 5 or later (game session ${id}).`, detail);
  }
  if (name === 'InvalidRequestException' && /FORCE_TERMINATE|not supported|not available/i.test(detail)) {
    return new DaemonError('Unsupported', `GameLift does not support ${operation} for game session ${id} on this fleet.`, detail);
  }
  return undefined;
}
