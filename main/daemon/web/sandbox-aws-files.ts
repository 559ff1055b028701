// The sandbox's own AWS config file and IAM Identity Center token cache: an [sso-session sandbox]
// on the emulator's start URL, so the window offers a sign-in to try (user `developer`), while
// the user's ~/.aws/config and ~/.aws/sso/cache are neither read nor written in the sandbox:
// emulator tokens must never land where the AWS CLI would find them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsFiles } from '../identity/sso/aws-files';

export const SANDBOX_SSO_SESSION = 'sandbox';

/** Writes `<dir>/config` (0600) naming the emulator's IAM Identity Center; the cache is `<dir>/sso/cache`. */
export async function writeSandboxAwsFiles(dir: string, ssoSession: { startUrl: string; region: string }): Promise<AwsFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, 'config');
  const text = [
    '# The sandbox\'s AWS config: sign in to the emulated IAM Identity Center (user developer).',
    '# Profiles saved from the sandbox go here, never into ~/.aws/config.',
    `[sso-session ${SANDBOX_SSO_SESSION}]`,
    `sso_start_url = ${ssoSession.startUrl}`,
    `sso_region = ${ssoSession.region}`,
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
  await writeFile(configFile, text, { mode: 0o600 });
  return { configFile, ssoCacheDir: join(dir, 'sso', 'cache') };
}
