// The SSM endpoint (AmazonSSM): StartSession, ResumeSession, TerminateSession, DescribeSessions.
// A GameLift instance lives in GameLift's managed account, so only the credentials GetComputeAccess
// issued for it may open a session, and only in the Region of the compute's location. StreamUrls
// carry a cell-number, and the data-channel endpoint's upgrade gate (stream-access.ts) holds to it.
import { randomBytes } from 'node:crypto';
import type { AgentSessionSpec, SessionAgent } from '../agent/agent-api';
import { DEFAULT_SHELL_DOCUMENT } from '../agent/session-document';
import { AwsError, accessDenied } from '../core/aws-error';
import { timestamp, type EmulatorClock } from '../core/clock';
import type { CallContext, ServiceDefinition } from '../core/service-endpoint';
import { Paginator } from '../core/pagination';
import { validate, type Shape } from '../core/validate';
import type { ShellOutputConfig } from '../agent/shell-output-config';
import type { LocalKms } from '../kms/local-kms';
import type { World } from '../scenario/world';
import type { CredentialStore } from '../auth/credential-store';
import type { UpgradeGate } from '../agent/stream-server';
import { checkDocument } from './documents';
import { hostShell, portResolver } from './instance-shell';
import { SessionRegistry, type SessionRecord } from './sessions';
import { newCell, upgradeGate, withCell, type StreamPolicy } from './stream-access';

const SessionId = { type: 'string', min: 1, max: 96, required: true } as const;

const startSessionInput: Shape = {
  Target: { type: 'string', min: 1, max: 400, required: true },
  DocumentName: { type: 'string', pattern: /^[a-zA-Z0-9_\-.:/]{3,128}$/ },
  Reason: { type: 'string', min: 1, max: 256, pattern: /^.{1,256}$/ },
  Parameters: {
    type: 'map',
    key: { type: 'string', min: 1, max: 255 },
    value: { type: 'list', member: { type: 'string', min: 1, max: 65535 } },
  },
};

const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Target', 'Owner', 'Status', 'SessionId', 'AccessType'];
const describeSessionsInput: Shape = {
  State: { type: 'string', enum: ['Active', 'History'], required: true },
  MaxResults: { type: 'integer', min: 1, max: 200 },
  NextToken: { type: 'string' },
  Filters: {
    type: 'list',
    min: 1,
    max: 6,
    member: { type: 'structure', members: { key: { type: 'string', required: true }, value: { type: 'string', min: 1, max: 400, required: true } } },
  },
};

const DEFAULT_MAX_RESULTS = 20;

export interface SsmSettings {
  agentVersion: string;
  kmsEncryption: boolean;
  idleTimeoutMs: number;
  /**
   * The per-OS block output keys of the account's AWS-StartNonInteractiveCommand document
   * (`separateOutputStream`, `stdOutSeparatorPrefix`, `stdErrSeparatorPrefix`, §10). Unset is AWS's
   * own document: merged output, no exit code.
   */
  nonInteractiveCommands?: ShellOutputConfig;
}

export function ssmService(
  world: World,
  agent: SessionAgent,
  kms: LocalKms,
  clock: EmulatorClock,
  settings: () => SsmSettings,
  credentials: CredentialStore,
  streamPolicy: () => StreamPolicy,
): { definition: ServiceDefinition; sessions: SessionRegistry; upgradeGate: UpgradeGate } {
  const sessions = new SessionRegistry(agent);
  const pages = new Paginator(() => new AwsError('InvalidNextToken', 'The specified token is not valid.'));
  const kmsKeys = new Map<string, string>();
  const managedAccount = world.scenario.managedAccountId;

  const instanceArn = (region: string, account: string, target: string) => `arn:aws:ec2:${region}:${account}:instance/${target}`;
  const denied = (ctx: CallContext, action: string, resource: string) =>
    accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: ssm:${action} on resource: ${resource} because no identity-based policy allows the ssm:${action} action`);

  /** Resume and terminate: the session's account and Region, and a credential for its target. */
  const requireOwnSession = (ctx: CallContext, sessionId: string, action: string): SessionRecord | undefined => {
    const record = sessions.get(sessionId);
    const sessionArn = `arn:aws:ssm:${ctx.region}:${ctx.caller.accountId}:session/${sessionId}`;
    if (ctx.caller.kind !== 'compute') throw denied(ctx, action, sessionArn);
    if (!record || record.accountId !== ctx.caller.accountId || record.region !== ctx.region) return undefined;
    if (record.target !== ctx.caller.grant.target) throw denied(ctx, action, sessionArn);
    return record;
  };

  const kmsFor = (region: string): AgentSessionSpec['kms'] => {
    let arn = kmsKeys.get(region);
    if (!arn) {
      arn = kms.createKey(region, managedAccount, 'alias/gamelift-remote-access').arn;
      kmsKeys.set(region, arn);
    }
    return { keyId: arn, decrypt: (blob, context) => kms.decrypt(blob, context).plaintext };
  };

  const definition: ServiceDefinition = {
    signingName: 'ssm',
    targetPrefix: 'AmazonSSM',
    regions: () => world.regions(),
    operations: {
      StartSession(input, ctx) {
        validate(input, startSessionInput, 'ValidationException');
        const target = input.Target as string;
        const documentName = input.DocumentName as string | undefined;
        const parameters = (input.Parameters as Record<string, string[]> | undefined) ?? {};
        if (ctx.caller.kind !== 'compute' || ctx.caller.grant.target !== target) {
          throw denied(ctx, 'StartSession', instanceArn(ctx.region, ctx.caller.kind === 'compute' ? managedAccount : ctx.caller.accountId, target));
        }
        const documentToRun = checkDocument(documentName, parameters);
        const grant = ctx.caller.grant;
        const instance = world.instance(target);
        // Another Region's SSM has never heard of the instance: the answer AWS documents for that.
        if (ctx.region !== grant.region || !instance || instance.status !== 'ACTIVE') {
          throw new AwsError('TargetNotConnected', `${target} is not connected.`);
        }
        const now = settings();
        const cell = newCell();
        const sessionId = `${ctx.caller.roleSessionName}-${randomBytes(9).toString('hex').slice(0, 17)}`;
        const stream = agent.start({
          sessionId,
          target,
          ...(documentName ? { documentName: documentToRun } : {}),
          parameters,
          agentVersion: now.agentVersion,
          // As on AWS, a container compute's credentials open a session on its host, not in its
          // container: `sudo docker exec -it <ContainerRuntimeId> sh` enters that from the host shell.
          shell: hostShell(instance, clock.now()),
          os: instance.fleet.os,
          resolvePort: portResolver(instance),
          ...(now.kmsEncryption ? { kms: kmsFor(ctx.region) } : {}),
          ...(now.nonInteractiveCommands ? { shellOutput: now.nonInteractiveCommands } : {}),
          idleTimeoutMs: now.idleTimeoutMs,
        });
        sessions.add({
          sessionId,
          target,
          documentName: documentName ?? DEFAULT_SHELL_DOCUMENT,
          owner: ctx.caller.arn,
          accountId: ctx.caller.accountId,
          region: ctx.region,
          reason: input.Reason as string | undefined,
          startDate: clock.now(),
          endDate: undefined,
          cell,
          upgrades: [],
        });
        return { SessionId: sessionId, TokenValue: stream.tokenValue, StreamUrl: withCell(stream.streamUrl, cell) };
      },

      ResumeSession(input, ctx) {
        validate(input, { SessionId }, 'ValidationException');
        const sessionId = input.SessionId as string;
        const record = requireOwnSession(ctx, sessionId, 'ResumeSession');
        if (!record) throw new AwsError('DoesNotExistException', `Session with id ${sessionId} does not exist.`);
        const stream = agent.resume(sessionId);
        // An empty token tells the client the session can no longer be resumed (it timed out or ended).
        if (!stream) return { SessionId: sessionId, TokenValue: '' };
        // As when AWS recycles a connection onto another cell: the old StreamUrl is refused from now on.
        if (streamPolicy().moveStreamOnResume) record.cell = newCell();
        return { SessionId: sessionId, TokenValue: stream.tokenValue, StreamUrl: withCell(stream.streamUrl, record.cell) };
      },

      TerminateSession(input, ctx) {
        validate(input, { SessionId }, 'ValidationException');
        const sessionId = input.SessionId as string;
        const record = requireOwnSession(ctx, sessionId, 'TerminateSession');
        // Terminating is idempotent: an unknown or finished session is not an error.
        if (record && agent.terminate(sessionId) && record.endDate === undefined) record.endDate = clock.now();
        return { SessionId: sessionId };
      },

      DescribeSessions(input, ctx) {
        validate(input, describeSessionsInput, 'ValidationException');
        const filters = (input.Filters as { key: string; value: string }[] | undefined) ?? [];
        const matchers = filters.map(({ key, value }) => sessionFilter(key, value));
        const active = input.State === 'Active';
        const visible = sessions
          .list(ctx.caller.accountId, ctx.region)
          .filter((r) => sessions.isActive(r) === active)
          .filter((r) => matchers.every((m) => m(r, sessions.status(r))));
        const page = pages.page(visible, [ctx.caller.accountId, ctx.region, input.State, filters], (input.MaxResults as number | undefined) ?? DEFAULT_MAX_RESULTS, input.NextToken as string | undefined);
        return {
          Sessions: page.items.map((r) => ({
            SessionId: r.sessionId,
            Target: r.target,
            Status: sessions.status(r),
            StartDate: timestamp(r.startDate),
            ...(r.endDate !== undefined ? { EndDate: timestamp(r.endDate) } : {}),
            DocumentName: r.documentName,
            Owner: r.owner,
            ...(r.reason ? { Reason: r.reason } : {}),
            AccessType: 'Standard',
          })),
          NextToken: page.nextToken,
        };
      },
    },
  };
  return { definition, sessions, upgradeGate: upgradeGate(sessions, credentials, streamPolicy) };
}

function sessionFilter(key: string, value: string): (r: SessionRecord, status: string) => boolean {
  if (!FILTER_KEYS.includes(key)) throw new AwsError('InvalidFilterKey', '');
  const date = () => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new AwsError('ValidationException', `Filter ${key} needs a date such as 2026-11-21T00:00:00Z, got '${value}'.`);
    return ms;
  };
  switch (key) {
    case 'InvokedAfter': {
      const after = date();
      return (r) => r.startDate >= after;
    }
    case 'InvokedBefore': {
      const before = date();
      return (r) => r.startDate <= before;
    }
    case 'Target':
      return (r) => r.target === value;
    case 'Owner':
      return (r) => r.owner === value;
    case 'Status':
      return (_r, status) => status === value;
    case 'SessionId':
      return (r) => r.sessionId === value;
    default:
      return () => value === 'Standard';
  }
}
