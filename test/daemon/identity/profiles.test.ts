// Profiles from real shared config files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), SSO
// profiles flagged, and never a secret in what is returned.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listProfiles } from '../../../main/daemon/identity/profiles';

test('lists config and credentials profiles with Region and SSO, without secrets', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-aws-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  await writeFile(
    config,
    [
      '[default]', 'region = us-west-2', '',
      '[profile studio-sso]', 'sso_session = studio', 'sso_account_id = 111122223333', 'sso_role_name = GameLiftDev', 'region = eu-west-1', '',
      '[profile legacy-sso]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = us-east-1', '',
      '[sso-session studio]', 'sso_start_url = https://studio.awsapps.com/start', 'sso_region = us-east-1', '',
    ].join('\n'),
  );
  await writeFile(credentials, ['[ci]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = canary-secret-value', ''].join('\n'));
  const saved = { c: process.env.AWS_CONFIG_FILE, k: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = config;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  try {
    const profiles = await listProfiles();
    assert.deepEqual(profiles, [
      { name: 'ci', sso: false },
      { name: 'default', sso: false, region: 'us-west-2' },
      { name: 'legacy-sso', sso: true },
      { name: 'studio-sso', sso: true, region: 'eu-west-1' },
    ]);
    assert.ok(!JSON.stringify(profiles).includes('canary-secret-value'));
  } finally {
    for (const [key, value] of [['AWS_CONFIG_FILE', saved.c], ['AWS_SHARED_CREDENTIALS_FILE', saved.k]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
