import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directEndpoint, resolveSettings } from '../../main/daemon/settings';

test('defaults: 15-minute lifetime renewed 2 minutes early; short lifetimes renew a fifth early', () => {
  const s = resolveSettings({}, {});
  assert.equal(s.credentialLifetimeMs, 900_000);
  assert.equal(s.renewLeadMs, 120_000);
  assert.equal(s.autoOpenInboundPorts, false);
  assert.equal(resolveSettings({ credentialLifetimeMs: 2000 }, {}).renewLeadMs, 400);
  assert.equal(resolveSettings({}, { GAMELIFT_CONNECT_CREDENTIAL_LIFETIME: '60' }).credentialLifetimeMs, 60_000);
});

test('direct endpoints: a per-instance override, then the environment, then the instance on the standard port', () => {
  const s = resolveSettings({ directEndpoints: { 'i-1': { ssh: { host: 'bastion', port: 2222, username: 'jump' } } } }, {});
  assert.deepEqual(directEndpoint(s, 'ssh', 'i-1', '203.0.113.1', {}), { host: 'bastion', port: 2222, username: 'jump' });
  assert.deepEqual(directEndpoint(s, 'ssh', 'i-2', '203.0.113.2', { GAMELIFT_CONNECT_SSH_PORT: '2022' }), { host: '203.0.113.2', port: 2022 });
  assert.deepEqual(directEndpoint(s, 'rdp', 'i-2', '203.0.113.2', {}), { host: '203.0.113.2', port: 3389 });
  assert.equal(directEndpoint(s, 'rdp', 'i-3', undefined, {}), undefined);
});
