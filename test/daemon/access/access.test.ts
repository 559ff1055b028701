// Access issuing against the emulator, which enforces AWS's limit (burst 4, 1 per second): a burst
// of calls queues in our limiter and all succeed, even with SDK retries off; the route decides the
// API; fleets in a blocking state are refused before any call.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GameLiftClient } from '@aws-sdk/client-gamelift';
import { AccessBroker } from '../../../main/daemon/access/access';
import { accessLimiter } from '../../../main/daemon/access/limiter';
import type { IdentitySnapshot } from '../../../main/daemon/identity/identity';
import { startEmulator, type Emulator } from '../../../emulator/index';
import { Discovery } from '../../../main/daemon/discovery/discovery';
import { Identity } from '../../../main/daemon/identity/identity';

const SDK5 = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const SDK4 = 'fleet-2a9c6e1d-0004-4b7f-8e3a-6c1d9f2b0004';

let emulator: Emulator;
let who: IdentitySnapshot;
let discovery: Discovery;
/** Calls the broker made, and ThrottlingExceptions the emulator answered (the broker quietly queues those again). */
let calls = 0;
let throttled = 0;
before(async () => {
  emulator = await startEmulator();
  const endpoints = { gamelift: emulator.gameliftEndpoint, ssm: emulator.ssmEndpoint };
  // No SDK retries: every throttled call reaches the counter below.
  const client = new GameLiftClient({ region: emulator.region, endpoint: emulator.gameliftEndpoint, credentials: emulator.credentials, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      try {
        return await next(args);
      } catch (err) {
        if ((err as { name?: string }).name === 'ThrottlingException') throttled++;
        throw err;
      }
    },
    { step: 'initialize', name: 'countThrottles' },
  );
  who = { client, region: emulator.region, profile: null, endpoints };
  discovery = new Discovery(new Identity({ profile: null }, { region: emulator.region, endpoints, credentials: emulator.credentials }));
});
after(() => emulator?.close());

test('eight access calls at once: the limiter queues them within AWS\'s limit, none is throttled', async () => {
  const { fleet, target } = await discovery.getTarget(SDK5, 'i-0a1f5c2e9b7d30001');
  const broker = new AccessBroker(accessLimiter());
  const started = Date.now();
  const issued = await Promise.all(Array.from({ length: 8 }, () => broker.issue(fleet, target, who)));
  const took = Date.now() - started;
  assert.ok(issued.every((a) => a.route === 'compute-access' && a.ssmTarget === 'i-0a1f5c2e9b7d30001'));
  assert.equal(throttled, 0, 'AWS throttled none of the calls');
  assert.ok(took >= 3500, `four calls beyond the burst need about 4 s, took ${took} ms`);
});

test('SDK 4 fleets get an instance login', async () => {
  const { fleet, target } = await discovery.getTarget(SDK4, 'i-0d4a8f5b2e0a60001');
  const access = await new AccessBroker(accessLimiter()).issue(fleet, target, who);
  assert.equal(access.route, 'instance-access');
  assert.equal(access.route === 'instance-access' && access.userName, 'gl-user-remote');
});

test('a fleet still building is FleetNotReady, naming its state, without calling AWS', async () => {
  const { fleet, target } = await discovery.getTarget(SDK5, 'i-0a1f5c2e9b7d30001');
  const callsBefore = calls;
  await assert.rejects(
    new AccessBroker(accessLimiter()).issue({ ...fleet, status: 'BUILDING' }, target, who),
    (e: Error & { code?: string }) => e.code === 'FleetNotReady' && /BUILDING/.test(e.message),
  );
  assert.equal(calls, callsBefore, 'no call reached GameLift');
});
