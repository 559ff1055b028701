// The GameLift endpoint: operations, input validation, IAM (the account's own key, or an Identity
// Center role of the account whose policy allows the action) and the
// documented per-account rate limits.
import { accessDenied, invalidRequest, throttled } from '../core/aws-error';
import type { EmulatorClock } from '../core/clock';
import type { Operation, ServiceDefinition } from '../core/service-endpoint';
import { Paginator } from '../core/pagination';
import { RateLimiter, type RateLimit } from '../core/token-bucket';
import { validate } from '../core/validate';
import type { CredentialStore } from '../auth/credential-store';
import type { World } from '../scenario/world';
import { accessOperations } from './access';
import { aliasOperations } from './aliases';
import { discoveryOperations } from './discovery';
import { fleetEventOperations } from './fleet-events';
import { DEFAULT_TERMINATION_DELAY_MS, gameSessionOperations, type GameSessionSettings } from './game-sessions';
import type { LogStore } from '../logs/log-store';
import { inputs, type GameLiftOperationName } from './inputs';
import { portSettingsOperations } from './port-settings';
import type { Sdk4Secrets } from './sdk4-secrets';
import { allowsAction } from '../auth/actions';

/** AWS's published limits: access calls burst 4 at 1/s, port updates 20/20, the rest 30/30. */
export const DEFAULT_ACCESS_LIMIT: RateLimit = { burst: 4, perSecond: 1 };
const DEFAULT_LIMIT: RateLimit = { burst: 30, perSecond: 30 };
const ACCESS_OPERATIONS = new Set(['GetComputeAccess', 'GetInstanceAccess']);

export class GameLiftService {
  /** Fault knob: a stricter (or looser) limit for GetComputeAccess/GetInstanceAccess. */
  accessLimit: RateLimit = DEFAULT_ACCESS_LIMIT;
  /** Fault knob: per-operation limits that replace the defaults (e.g. a tight DescribeFleetEvents for a poller's back-off). */
  rateLimits: Record<string, RateLimit> = {};
  /** Behaviour knob: how long TerminateGameSession leaves a session TERMINATING. */
  gameSessionSettings: GameSessionSettings = { terminationDelayMs: DEFAULT_TERMINATION_DELAY_MS };
  readonly limiter: RateLimiter;
  readonly definition: ServiceDefinition;

  constructor(world: World, credentials: CredentialStore, secrets: Sdk4Secrets, clock: EmulatorClock, logs: LogStore) {
    this.limiter = new RateLimiter(
      clock,
      (op) => this.rateLimits[op] ?? (ACCESS_OPERATIONS.has(op) ? this.accessLimit : op === 'UpdateFleetPortSettings' ? { burst: 20, perSecond: 20 } : DEFAULT_LIMIT),
    );
    const pages = new Paginator(() => invalidRequest('Invalid NextToken: it is malformed, expired or belongs to a different request.'));
    const handlers: Record<string, Operation> = {
      ...discoveryOperations(world, pages, clock),
      ...portSettingsOperations(world, clock),
      ...accessOperations(world, credentials, secrets),
      ...gameSessionOperations(world, pages, clock, logs, () => this.gameSessionSettings),
      ...fleetEventOperations(world, pages, clock, logs),
      ...aliasOperations(world, pages),
    };
    const operations: Record<string, Operation> = {};
    for (const [name, handler] of Object.entries(handlers)) {
      const shape = inputs[name as GameLiftOperationName];
      operations[name] = (input, ctx) => {
        validate(input, shape, 'InvalidRequestException');
        return handler(input, ctx);
      };
    }
    this.definition = {
      signingName: 'gamelift',
      targetPrefix: 'GameLift',
      rpcV2Cbor: { serviceName: 'GameLift', errorNamespace: 'com.amazonaws.gamelift' },
      regions: () => new Set([world.region]),
      operations,
      admit: (ctx) => {
        const caller = ctx.caller;
        const allowed =
          caller.kind === 'account' ||
          (caller.kind === 'role' && caller.accountId === world.accountId && allowsAction(caller.allowedActions, `gamelift:${ctx.operation}`));
        if (!allowed) {
          throw accessDenied(
            `User: ${ctx.caller.arn} is not authorized to perform: gamelift:${ctx.operation} on resource: arn:aws:gamelift:${ctx.region}:${world.accountId}:fleet/* because no identity-based policy allows the gamelift:${ctx.operation} action`,
          );
        }
        if (!this.limiter.tryTake(ctx.caller.accountId, ctx.operation)) throw throttled();
      },
    };
  }
}
