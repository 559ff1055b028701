// Flags every command accepts, and the standard AWS environment variables behind them.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { DaemonOptions } from '../daemon/daemon';
import type { OptionSpec } from './command';

export const GLOBAL_OPTIONS: OptionSpec = {
  profile: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'ssm-endpoint-url': { type: 'string' },
  'kms-endpoint-url': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
};

/** Endpoint overrides as the daemon takes them (GameLift, SSM, KMS, IAM Identity Center). */
type Endpoints = NonNullable<DaemonOptions['endpoints']>;

export interface GlobalOptions {
  /** null: the SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, …). */
  profile: string | null;
  /** The fleets' home Region. */
  region: string;
  endpoints: Endpoints;
  verbose: boolean;
}

const DEFAULT_REGION = 'us-west-2';

/** Flags first, then AWS_REGION/AWS_DEFAULT_REGION, then the profile's `region` in ~/.aws/config, then us-west-2. */
export async function resolveGlobalOptions(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv = process.env): Promise<GlobalOptions> {
  const text = (key: string) => (typeof values[key] === 'string' && values[key] !== '' ? (values[key] as string) : undefined);
  const gamelift = text('endpoint-url') ?? env.AWS_ENDPOINT_URL_GAMELIFT ?? env.AWS_ENDPOINT_URL;
  const ssm = text('ssm-endpoint-url') ?? env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  const kms = text('kms-endpoint-url') ?? env.AWS_ENDPOINT_URL_KMS ?? env.AWS_ENDPOINT_URL;
  // IAM Identity Center (login): the SDKs' service-specific variables only, as a GameLift endpoint says nothing about them.
  const ssooidc = env.AWS_ENDPOINT_URL_SSO_OIDC;
  const sso = env.AWS_ENDPOINT_URL_SSO;
  return {
    profile: text('profile') ?? null,
    region: text('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (await profileRegion(text('profile') ?? env.AWS_PROFILE ?? 'default')) ?? DEFAULT_REGION,
    endpoints: { ...(gamelift ? { gamelift } : {}), ...(ssm ? { ssm } : {}), ...(kms ? { kms } : {}), ...(ssooidc ? { ssooidc } : {}), ...(sso ? { sso } : {}) },
    verbose: values.verbose === true,
  };
}

async function profileRegion(profile: string): Promise<string | undefined> {
  try {
    const { configFile } = await loadSharedConfigFiles();
    return configFile[profile]?.region;
  } catch {
    return undefined; // no readable config: the default applies
  }
}
