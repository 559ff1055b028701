// Discovery against the emulator: every fleet kind mapped to the contract with its route, SDK,
// OS and locations; targets per location; a 5,000-compute fleet in pages, cached.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Fleet, Target } from '../../../preload/contract';
import { assertPrivateKeyring } from '../../support/keyring';
import { Discovery } from '../../../main/daemon/discovery/discovery';
import { Identity } from '../../../main/daemon/identity/identity';
import { FLEETS, startHarness, type Harness } from '../harness';

let h: Harness;
before(async () => {
  assertPrivateKeyring();
  h = await startHarness();
});
after(() => h?.close());

test('fleets of every kind, with their access route', async () => {
  const { fleets } = await h.daemon.api.listFleets({});
  for (const f of fleets) Fleet.parse(f);
  const byId = new Map(fleets.map((f) => [f.fleetId, f]));
  assert.deepEqual(
    [FLEETS.sdk5Linux, FLEETS.sdk5Windows, FLEETS.containers, FLEETS.sdk4Linux, FLEETS.sdk4Windows, FLEETS.anywhere].map((id) => {
      const f = byId.get(id)!;
      return [f.kind, f.os, f.sdkMajor, f.access];
    }),
    [
      ['ec2', 'linux', 5, 'compute-access'],
      ['ec2', 'windows', 5, 'compute-access'],
      ['container', 'linux', 5, 'compute-access'],
      ['ec2', 'linux', 4, 'instance-access'],
      ['ec2', 'windows', 4, 'instance-access'],
      ['anywhere', 'linux', 5, 'none'],
    ],
  );
  assert.match(byId.get(FLEETS.anywhere)!.accessNote ?? '', /Anywhere/);
  assert.deepEqual(byId.get(FLEETS.global)!.locations, ['us-west-2', 'us-east-1', 'eu-west-1', 'ap-northeast-1']);
});

test('targets: instances for SDK 4, computes with containers for container fleets', async () => {
  const sdk4 = (await h.daemon.api.listTargets({ fleetId: FLEETS.sdk4Linux })).targets;
  assert.equal(sdk4[0]?.computeName, 'i-0d4a8f5b2e0a60001');
  const containers = (await h.daemon.api.listTargets({ fleetId: FLEETS.containers })).targets;
  for (const t of containers) Target.parse(t);
  assert.equal(containers.length, 4);
  assert.ok(containers.every((t) => t.instanceId?.startsWith('i-') && (t.containers?.length ?? 0) > 0));
  const global = (await h.daemon.api.listTargets({ fleetId: FLEETS.global, location: 'eu-west-1' })).targets;
  assert.ok(global.length > 0 && global.every((t) => t.location === 'eu-west-1'));
});

test('a compute of a 5,000-compute fleet that was never listed is found with one call', async () => {
  const scout = new Discovery(new Identity({ profile: null }, h.daemon.identity.sandbox));
  const name = (await scout.listTargets(FLEETS.loadTest)).at(-1)!.computeName;
  await h.daemon.api.listFleets({});
  let calls = 0;
  h.daemon.identity.gamelift().middlewareStack.add((next) => async (args) => (calls++, next(args)), { step: 'initialize', name: 'countCalls' });
  try {
    const { target } = await h.daemon.discovery.getTarget(FLEETS.loadTest, name);
    assert.equal(target.computeName, name);
    assert.equal(calls, 1);
  } finally {
    h.daemon.identity.gamelift().middlewareStack.remove('countCalls');
  }
});

test('a fleet with thousands of computes comes in pages and is cached', async () => {
  let calls = 0;
  h.daemon.identity.gamelift().middlewareStack.add((next) => async (args) => (calls++, next(args)), { step: 'initialize', name: 'countPages' });
  try {
    const started = Date.now();
    const { targets } = await h.daemon.api.listTargets({ fleetId: FLEETS.loadTest });
    const firstMs = Date.now() - started;
    assert.ok(targets.length >= 5000, `got ${targets.length}`);
    assert.equal(new Set(targets.map((t) => t.computeName)).size, targets.length);
    assert.equal(calls, Math.ceil(targets.length / 100), 'one ListCompute call per page of 100');
    await h.daemon.api.listTargets({ fleetId: FLEETS.loadTest });
    assert.equal(calls, Math.ceil(targets.length / 100), 'the second listing is served from the cache');
    assert.ok(firstMs < 20_000, `took ${firstMs} ms`);
  } finally {
    h.daemon.identity.gamelift().middlewareStack.remove('countPages');
  }
});

test('unknown fleets are NotFound with a hint about the Region', async () => {
  await assert.rejects(h.daemon.api.listTargets({ fleetId: 'fleet-00000000-dead-beef-0000-000000000000' }), (e: Error & { code?: string; hint?: string }) => e.code === 'NotFound' && /Region/.test(e.hint ?? ''));
});
