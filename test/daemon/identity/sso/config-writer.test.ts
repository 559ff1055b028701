// saveSsoProfile's edit of the AWS config file: the new section is the only difference; comments,
// blank lines, other sections, their order and CRLF line endings stay byte for byte; an existing
// different profile is refused unless overwrite, which changes only its SSO keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { saveSsoProfile, withSsoProfile } from '../../../../main/daemon/identity/sso/config-writer';
import { DaemonError } from '../../../../main/daemon/errors';

const ORIGINAL = `# my AWS config — hand-written
[default]
region = eu-west-1   ; trailing comment
output=json

[profile work]
# assume a role
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = default

[sso-session studio]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-west-2
sso_registration_scopes = sso:account:access
[services local]
gamelift =
  endpoint_url = http://127.0.0.1:1234
`;

const settings = { name: 'gl-dev', ssoSession: 'studio', accountId: '111122223333', roleName: 'GameLiftAdmin', region: 'us-west-2' };

describe('saveSsoProfile', () => {
  let dir: string;
  const saved = process.env.AWS_CONFIG_FILE;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gc-config-'));
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
  });
  after(async () => {
    if (saved === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('appends the new profile and leaves every other byte as it was', async () => {
    const path = process.env.AWS_CONFIG_FILE!;
    await writeFile(path, ORIGINAL);
    await chmod(path, 0o640);
    const result = await saveSsoProfile(settings, false);
    assert.deepEqual(result, { configFile: path, created: true });
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith(ORIGINAL), 'the original file is a prefix of the new one');
    assert.equal(text.slice(ORIGINAL.length), '\n[profile gl-dev]\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = GameLiftAdmin\nregion = us-west-2\n');
    assert.equal((await stat(path)).mode & 0o777, 0o640, 'the file keeps its mode');
    const { configFile } = await loadSharedConfigFiles({ ignoreCache: true, configFilepath: path });
    assert.deepEqual(configFile['gl-dev'], { sso_session: 'studio', sso_account_id: '111122223333', sso_role_name: 'GameLiftAdmin', region: 'us-west-2' });
    assert.equal(configFile.work?.role_arn, 'arn:aws:iam::123456789012:role/Dev');
  });

  it('saving the same profile again changes nothing', async () => {
    const path = process.env.AWS_CONFIG_FILE!;
    const before = await readFile(path, 'utf8');
    assert.deepEqual(await saveSsoProfile(settings, false), { configFile: path, created: false });
    assert.equal(await readFile(path, 'utf8'), before);
  });

  it('refuses to replace a different profile of that name, and keeps the file', async () => {
    const path = process.env.AWS_CONFIG_FILE!;
    const before = await readFile(path, 'utf8');
    await assert.rejects(saveSsoProfile({ ...settings, name: 'work' }, false), (err: unknown) => err instanceof DaemonError && err.code === 'InvalidInput' && /already has a profile named work/.test(err.message));
    assert.equal(await readFile(path, 'utf8'), before);
  });

  it('with overwrite, changes only that section: its comment stays, the role keys go', () => {
    const { text, created } = withSsoProfile(ORIGINAL, { ...settings, name: 'work', region: undefined }, true);
    assert.equal(created, false);
    const expected = ORIGINAL.replace(
      '[profile work]\n# assume a role\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = default\n',
      '[profile work]\n# assume a role\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = GameLiftAdmin\n',
    );
    assert.equal(text, expected);
  });

  it('keeps CRLF line endings and a file without a final newline', () => {
    const crlf = '[default]\r\nregion = us-east-1';
    assert.equal(withSsoProfile(crlf, settings, false).text, '[default]\r\nregion = us-east-1\r\n\r\n[profile gl-dev]\r\nsso_session = studio\r\nsso_account_id = 111122223333\r\nsso_role_name = GameLiftAdmin\r\nregion = us-west-2\r\n');
  });

  it('creates a missing config file, 0600', async () => {
    process.env.AWS_CONFIG_FILE = join(dir, 'new', 'config');
    const result = await saveSsoProfile({ ...settings, name: 'default', region: undefined }, false);
    assert.equal(result.created, true);
    assert.equal(await readFile(process.env.AWS_CONFIG_FILE, 'utf8'), '[default]\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = GameLiftAdmin\n');
    assert.equal((await stat(process.env.AWS_CONFIG_FILE)).mode & 0o777, 0o600);
  });
});
