// The token cache is the AWS CLI's: a file botocore writes is read by the app, and what the app
// writes is read by botocore's loader and by the JS SDK's fromSso, at the same path, with the same
// fields. botocore runs for real when python3 has it (the AWS CLI's own library); the JS SDK always.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromSso } from '@aws-sdk/token-providers';
import { getSSOTokenFilepath } from '@smithy/shared-ini-file-loader';
import { isoUtc, readRegistration, readToken, registrationCacheKey, ssoCacheDir, tokenCacheKey, writeRegistration, writeToken } from '../../../../main/daemon/identity/sso/token-cache';

const run = promisify(execFile);
const hasBotocore = await run('python3', ['-c', 'import botocore.tokens, botocore.utils']).then(() => true, () => false);
const python = async (script: string, env: Record<string, string>): Promise<string> => (await run('python3', ['-c', script], { env: { ...process.env, ...env } })).stdout;

describe('SSO token cache', () => {
  let home: string;
  const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'gc-sso-cache-'));
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = join(home, 'config');
    await writeFile(process.env.AWS_CONFIG_FILE, '[profile dev]\nsso_session = studio\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n[sso-session studio]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-west-2\n');
  });
  after(async () => {
    process.env.HOME = saved.HOME;
    if (saved.AWS_CONFIG_FILE === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved.AWS_CONFIG_FILE;
    await rm(home, { recursive: true, force: true });
  });

  const ref = { ssoSession: 'studio', startUrl: 'https://d-1234567890.awsapps.com/start' };

  it('is where the SDK looks: sha1 of the session name, or of the start URL for a legacy profile', () => {
    assert.equal(join(ssoCacheDir(), `${tokenCacheKey(ref)}.json`), getSSOTokenFilepath('studio'));
    assert.equal(join(ssoCacheDir(), `${tokenCacheKey({ ssoSession: null, startUrl: ref.startUrl })}.json`), getSSOTokenFilepath(ref.startUrl));
  });

  it('writes 0600 files in a 0700 directory, with the CLI\'s field names and time format', async () => {
    const expiresAt = Date.now() + 3600_000;
    await writeToken(ref, { startUrl: ref.startUrl, region: 'us-west-2', accessToken: 'access-1', expiresAt, clientId: 'cid', clientSecret: 'csecret', registrationExpiresAt: expiresAt + 86_400_000, refreshToken: 'refresh-1' });
    const path = getSSOTokenFilepath('studio');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(ssoCacheDir())).mode & 0o777, 0o700);
    const raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(raw), ['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    assert.match(raw.expiresAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(raw.expiresAt, isoUtc(expiresAt));
  });

  it('is read by the JS SDK (fromSso) as the token the app wrote', async () => {
    const expiresAt = Date.now() + 3600_000;
    await writeToken(ref, { startUrl: ref.startUrl, region: 'us-west-2', accessToken: 'access-for-sdk', expiresAt });
    const token = await fromSso({ profile: 'dev', ignoreCache: true })();
    assert.equal(token.token, 'access-for-sdk');
    assert.equal(token.expiration?.getTime(), Math.floor(expiresAt / 1000) * 1000);
  });

  it('reads what the SDK writes back after its own refresh (pretty-printed JSON)', async () => {
    await writeFile(getSSOTokenFilepath('studio'), JSON.stringify({ startUrl: ref.startUrl, region: 'us-west-2', accessToken: 'sdk-refreshed', expiresAt: new Date(Date.now() + 60_000).toISOString(), refreshToken: 'r2', clientId: 'c', clientSecret: 's', registrationExpiresAt: '2099-01-01T00:00:00Z' }, null, 2));
    const token = await readToken(ref);
    assert.equal(token?.accessToken, 'sdk-refreshed');
    assert.equal(token?.refreshToken, 'r2');
    assert.equal(token?.registrationExpiresAt, Date.parse('2099-01-01T00:00:00Z'));
  });

  it('treats a missing or broken file as no sign-in', async () => {
    assert.equal(await readToken({ ssoSession: 'nobody', startUrl: 'x' }), undefined);
    await writeFile(getSSOTokenFilepath('studio'), '{"accessToken": ');
    assert.equal(await readToken(ref), undefined);
  });

  it('reads a token botocore wrote (the AWS CLI\'s cache class and serializer)', { skip: hasBotocore ? false : 'python3 has no botocore here' }, async () => {
    await python(
      [
        'import datetime, os',
        'from botocore.utils import JSONFileCache, SSOTokenLoader',
        'from botocore.tokens import _sso_json_dumps',
        'cache = JSONFileCache(os.path.expanduser("~/.aws/sso/cache"), dumps_func=_sso_json_dumps)',
        'now = datetime.datetime.now(datetime.timezone.utc)',
        'token = {"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-west-2", "accessToken": "from-botocore", "expiresAt": now + datetime.timedelta(hours=1), "clientId": "cid", "clientSecret": "cs", "registrationExpiresAt": now + datetime.timedelta(days=90), "refreshToken": "rt"}',
        'SSOTokenLoader(cache=cache).save_token(token["startUrl"], token, session_name="studio")',
      ].join('\n'),
      { HOME: home },
    );
    const token = await readToken(ref);
    assert.equal(token?.accessToken, 'from-botocore');
    assert.equal(token?.refreshToken, 'rt');
    assert.ok(token && Math.abs(token.expiresAt - (Date.now() + 3600_000)) < 60_000);
    assert.ok(token?.registrationExpiresAt && token.registrationExpiresAt > Date.now() + 89 * 86_400_000);
  });

  it('writes a token botocore reads and would refresh (its loader and its expiry parsing)', { skip: hasBotocore ? false : 'python3 has no botocore here' }, async () => {
    const expiresAt = Date.now() + 1800_000;
    await writeToken(ref, { startUrl: ref.startUrl, region: 'us-west-2', accessToken: 'from-app', expiresAt, clientId: 'cid', clientSecret: 'cs', registrationExpiresAt: Date.now() + 86_400_000, refreshToken: 'rt' });
    const out = await python(
      [
        'import json, os, dateutil.parser',
        'from botocore.utils import JSONFileCache, SSOTokenLoader',
        'from botocore.tokens import _sso_json_dumps',
        'cache = JSONFileCache(os.path.expanduser("~/.aws/sso/cache"), dumps_func=_sso_json_dumps)',
        't = SSOTokenLoader(cache=cache)("https://d-1234567890.awsapps.com/start", session_name="studio")',
        'print(json.dumps({"accessToken": t["accessToken"], "expiresAt": dateutil.parser.parse(t["expiresAt"]).timestamp(), "registrationExpiresAt": dateutil.parser.parse(t["registrationExpiresAt"]).timestamp(), "refreshToken": t["refreshToken"]}))',
      ].join('\n'),
      { HOME: home },
    );
    const seen = JSON.parse(out) as { accessToken: string; expiresAt: number; refreshToken: string };
    assert.equal(seen.accessToken, 'from-app');
    assert.equal(seen.refreshToken, 'rt');
    assert.equal(seen.expiresAt * 1000, Math.floor(expiresAt / 1000) * 1000);
  });

  it('keys registrations as botocore\'s _registration_cache_key does (sha1 of json.dumps(args, sort_keys=True))', { skip: hasBotocore ? false : 'python3 has no botocore here' }, async () => {
    const cases: { scopes: string[] | null; sessionName: string | null }[] = [
      { scopes: null, sessionName: 'studio' },
      { scopes: ['sso:account:access'], sessionName: 'studio' },
      { scopes: ['sso:account:access', 'codewhisperer:completions'], sessionName: null },
      { scopes: null, sessionName: 'équipe' },
    ];
    const out = await python(
      'import hashlib, json, sys\nfor c in json.loads(sys.stdin.read() if False else ' + JSON.stringify(JSON.stringify(cases)) + '):\n' +
        '    args = {"tool": "botocore", "startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-west-2", "scopes": c["scopes"], "session_name": c["sessionName"]}\n' +
        '    print(hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest())',
      {},
    );
    assert.deepEqual(
      cases.map((c) => registrationCacheKey({ startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-west-2', ...c })),
      out.trim().split('\n'),
    );
  });

  it('round-trips a registration with its grant types', async () => {
    const key = registrationCacheKey({ startUrl: ref.startUrl, region: 'us-west-2', scopes: null, sessionName: 'studio' });
    const expiresAt = Math.floor(Date.now() / 1000) * 1000 + 86_400_000;
    await writeRegistration(key, { clientId: 'c', clientSecret: 's', expiresAt, scopes: ['sso:account:access'], grantTypes: ['authorization_code', 'refresh_token'] });
    assert.deepEqual(await readRegistration(key), { clientId: 'c', clientSecret: 's', expiresAt, scopes: ['sso:account:access'], grantTypes: ['authorization_code', 'refresh_token'] });
    assert.equal((await stat(join(ssoCacheDir(), `${key}.json`))).mode & 0o777, 0o600);
  });
});
