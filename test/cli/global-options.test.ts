import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveGlobalOptions } from '../../main/cli/global-options';

test('flags win over environment variables', async () => {
  const options = await resolveGlobalOptions(
    { region: 'eu-west-1', 'endpoint-url': 'http://127.0.0.1:1', 'ssm-endpoint-url': 'http://127.0.0.1:2', profile: 'dev' },
    { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_GAMELIFT: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:3' },
  );
  assert.deepEqual(options, {
    profile: 'dev',
    region: 'eu-west-1',
    endpoints: { gamelift: 'http://127.0.0.1:1', ssm: 'http://127.0.0.1:2', kms: 'http://127.0.0.1:3' },
    verbose: false,
  });
});

test('without flags or AWS_REGION the profile\'s region from the config file applies, then us-west-2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gc-config-'));
  const saved = process.env.AWS_CONFIG_FILE;
  try {
    writeFileSync(join(dir, 'config'), '[default]\nregion = ap-south-1\n[profile studio]\nregion = eu-central-1\n');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    assert.equal((await resolveGlobalOptions({ profile: 'studio' }, {})).region, 'eu-central-1');
    assert.equal((await resolveGlobalOptions({}, {})).region, 'ap-south-1');
    assert.equal((await resolveGlobalOptions({}, { AWS_PROFILE: 'studio' })).region, 'eu-central-1');
    assert.equal((await resolveGlobalOptions({ profile: 'missing' }, {})).region, 'us-west-2');
  } finally {
    if (saved === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
