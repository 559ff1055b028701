// The emulator's CBOR codec, and GameLift over Smithy RPC v2 CBOR with the SDK's own CBOR protocol.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeFleetAttributesCommand,
  DescribeFleetEventsCommand,
  DescribeGameSessionsCommand,
  GetComputeAccessCommand,
  ListFleetsCommand,
  paginateListCompute,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
// The SDK's own RPC v2 CBOR implementation (a dependency of the client), to speak the other protocol.
import { SmithyRpcV2CborProtocol, cbor, dateToTag } from '@smithy/core/cbor';
import { decodeCbor, encodeCbor } from '../../emulator/core/cbor';
import { startEmulator, type Emulator } from '../../emulator/index';
import { failure, fleetId, gameLift, RecordingAgent } from './emulator-fixture';

describe('CBOR codec', () => {
  const sample = {
    small: 5,
    big: 2 ** 40,
    negative: -300,
    float: 1.5,
    text: 'héllo ✓',
    bytes: new Uint8Array([0, 1, 255]),
    list: [true, false, null, 'x'],
    nested: { at: new Date(1762103052431) },
  };

  test('round-trips every kind the protocol uses', () => {
    assert.deepEqual(decodeCbor(encodeCbor(sample)), sample);
  });

  test('agrees with the SDK codec both ways', () => {
    // The SDK's raw codec takes timestamps as explicit tags; its schema layer makes them.
    const tagged = { ...sample, nested: { at: dateToTag(sample.nested.at) } };
    assert.deepEqual(decodeCbor(Buffer.from(cbor.serialize(tagged))), sample);
    const fromUs = cbor.deserialize(encodeCbor(sample)) as Record<string, unknown>;
    assert.equal(fromUs.text, sample.text);
    assert.equal(fromUs.big, sample.big);
    assert.deepEqual(fromUs.list, sample.list);
  });

  test('known encodings: small ints, tag 1, maps, half floats and indefinite lengths', () => {
    assert.deepEqual(encodeCbor(23), Buffer.from([0x17]));
    assert.deepEqual(encodeCbor(24), Buffer.from([0x18, 0x18]));
    assert.deepEqual(encodeCbor(-1), Buffer.from([0x20]));
    assert.deepEqual(encodeCbor(new Date(1_000_000)), Buffer.from([0xc1, 0x19, 0x03, 0xe8]));
    assert.deepEqual(encodeCbor({ a: 1, b: undefined }), Buffer.from([0xa1, 0x61, 0x61, 0x01]));
    assert.equal(decodeCbor(Buffer.from([0xf9, 0x3c, 0x00])), 1);
    assert.deepEqual(decodeCbor(Buffer.from([0x9f, 0x01, 0x02, 0xff])), [1, 2]);
    assert.equal(decodeCbor(Buffer.from([0x7f, 0x61, 0x61, 0x61, 0x62, 0xff])), 'ab');
    assert.deepEqual(decodeCbor(Buffer.from([0xbf, 0x61, 0x6b, 0x01, 0xff])), { k: 1 });
  });

  test('refuses truncated and trailing bytes', () => {
    assert.throws(() => decodeCbor(Buffer.from([0x19, 0x03])), /truncated/);
    assert.throws(() => decodeCbor(Buffer.from([0x01, 0x02])), /malformed/);
  });
});

describe('GameLift over Smithy RPC v2 CBOR', () => {
  let emu: Emulator<RecordingAgent>;
  let gl: GameLiftClient;

  before(async () => {
    emu = await startEmulator({ agent: new RecordingAgent() });
    gl = gameLift(emu, { protocol: SmithyRpcV2CborProtocol, protocolSettings: { defaultNamespace: 'com.amazonaws.gamelift' } });
  });
  after(() => emu.close());

  test('the same answers as JSON 1.1, timestamps included', async () => {
    const json = await gameLift(emu).send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId(emu, 'arena-linux-sdk5')] }));
    const viaCbor = await gl.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId(emu, 'arena-linux-sdk5')] }));
    assert.deepEqual(viaCbor.FleetAttributes, json.FleetAttributes);
    assert.equal(viaCbor.FleetAttributes?.[0]?.CreationTime?.toISOString(), '2026-11-02T17:04:12.431Z');
  });

  test('pagination and credentials work the same', async () => {
    let count = 0;
    for await (const page of paginateListCompute({ client: gl, pageSize: 2 }, { FleetId: fleetId(emu, 'arena-containers') })) count += page.ComputeList?.length ?? 0;
    assert.equal(count, 4);
    const access = await gl.send(new GetComputeAccessCommand({ FleetId: fleetId(emu, 'arena-containers'), ComputeName: 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001' }));
    assert.equal(access.Target, 'i-0c3f7e4a1d9f50001');
  });

  test('game sessions and fleet events: request timestamps as tag 1, the same answers as JSON 1.1', async () => {
    const input = { FleetId: fleetId(emu, 'arena-broken'), StartTime: new Date(Date.parse('2026-11-20T10:11:12.000Z') + 11 * 60_000), EndTime: new Date(Date.parse('2026-11-20T10:11:12.000Z') + 40 * 60_000) };
    const viaCbor = await gl.send(new DescribeFleetEventsCommand(input));
    const json = await gameLift(emu).send(new DescribeFleetEventsCommand(input));
    assert.deepEqual(viaCbor.Events?.map((e) => e.EventCode), ['FLEET_ACTIVATION_FAILED', 'SERVER_PROCESS_CRASHED', 'FLEET_STATE_ACTIVATING']);
    // Each call presigns its own log URLs; everything else is the same.
    const strip = (events: typeof json.Events) => events?.map((e) => ({ ...e, PreSignedLogUrl: e.PreSignedLogUrl?.split('?')[0] }));
    assert.deepEqual(strip(viaCbor.Events), strip(json.Events));
    const sessions = { FleetId: fleetId(emu, 'arena-global') };
    assert.deepEqual((await gl.send(new DescribeGameSessionsCommand(sessions))).GameSessions, (await gameLift(emu).send(new DescribeGameSessionsCommand(sessions))).GameSessions);
  });

  test('errors arrive typed, with the service namespace', async () => {
    const error = await failure(gl.send(new DescribeFleetAttributesCommand({ FleetIds: ['bad id'] })));
    assert.equal(error.name, 'InvalidRequestException');
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  test('SigV4 is enforced the same way', async () => {
    const wrong = gameLift(emu, {
      protocol: SmithyRpcV2CborProtocol,
      protocolSettings: { defaultNamespace: 'com.amazonaws.gamelift' },
      credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'not-the-secret-not-the-secret-not-the-s' },
    });
    // An error the GameLift model does not declare reaches CBOR callers as a plain Error.
    const error = (await failure(wrong.send(new ListFleetsCommand({})))) as Awaited<ReturnType<typeof failure>> & { __type?: string };
    assert.equal(error.__type, 'com.amazonaws.gamelift#InvalidSignatureException');
    assert.match(error.message, /^The request signature we calculated does not match/);
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });
});
