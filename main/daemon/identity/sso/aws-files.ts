// Where a daemon's IAM Identity Center sign-ins live: the AWS config file naming them and the token
// cache. The user's are the ones the AWS CLI and the SDKs share (AWS_CONFIG_FILE or ~/.aws/config,
// ~/.aws/sso/cache), read afresh each time so the environment's current values count. The sandbox
// passes its own private pair, so sign-ins to the emulator never touch the user's real files.
import { join } from 'node:path';
import { getHomeDir } from '@smithy/shared-ini-file-loader';

export interface AwsFiles {
  configFile: string;
  ssoCacheDir: string;
}

export const userConfigFile = (): string => process.env.AWS_CONFIG_FILE || join(getHomeDir(), '.aws', 'config');

/** Where the SDKs and the AWS CLI look: the same home directory rule as the SDK's (HOME, USERPROFILE…). */
export const userSsoCacheDir = (): string => join(getHomeDir(), '.aws', 'sso', 'cache');

export const userAwsFiles = (): AwsFiles => ({ configFile: userConfigFile(), ssoCacheDir: userSsoCacheDir() });
