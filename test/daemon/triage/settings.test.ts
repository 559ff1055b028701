// The event watch's settings: the poll interval (setting or environment) and the persisted
// followed fleets (settings.json: missing or damaged is the defaults; malformed entries dropped).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readUserSettings, resolveSettings, userSettingsPath, writeUserSettings } from '../../../main/daemon/settings';

test('the event poll interval: 60 s, GAMELIFT_CONNECT_EVENT_POLL_SECONDS, or the setting', () => {
  assert.equal(resolveSettings({}, {}).eventPollMs, 60_000);
  assert.equal(resolveSettings({}, { GAMELIFT_CONNECT_EVENT_POLL_SECONDS: '5' }).eventPollMs, 5_000);
  assert.equal(resolveSettings({}, { GAMELIFT_CONNECT_EVENT_POLL_SECONDS: 'soon' }).eventPollMs, 60_000);
  assert.equal(resolveSettings({ eventPollMs: 150 }, { GAMELIFT_CONNECT_EVENT_POLL_SECONDS: '5' }).eventPollMs, 150);
});

test('settings.json: written 0600, read back; missing, damaged or malformed entries are the defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-settings-'));
  assert.deepEqual(await readUserSettings(dir), { followedFleets: [] });
  const followedFleets = [{ fleetId: 'fleet-1', region: 'us-west-2', profile: null }, { fleetId: 'fleet-2', region: 'eu-west-1', profile: 'dev' }];
  await writeUserSettings(dir, { followedFleets });
  assert.equal((await stat(userSettingsPath(dir))).mode & 0o777, 0o600);
  assert.deepEqual(await readUserSettings(dir), { followedFleets });
  await writeFile(userSettingsPath(dir), '{"followedFleets": [{"fleetId": "fleet-3", "region": "us-east-1", "profile": null}, {"fleetId": 7}, null, {"fleetId": "x"}]}');
  assert.deepEqual(await readUserSettings(dir), { followedFleets: [{ fleetId: 'fleet-3', region: 'us-east-1', profile: null }] });
  await writeFile(userSettingsPath(dir), '{not json');
  assert.deepEqual(await readUserSettings(dir), { followedFleets: [] });
  assert.equal(await readFile(userSettingsPath(dir), 'utf8'), '{not json', 'reading never rewrites');
});
