import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { LocalKms, startEmulator, type Emulator } from '../../emulator/index';
import { computeCredentials, failure, kms, RecordingAgent, type Creds } from './emulator-fixture';
import type { KmsKey } from '../../emulator/kms/local-kms';

let emu: Emulator<RecordingAgent>;
let creds: Creds;
let key: KmsKey;
const context = { 'aws:ssm:SessionId': 'i-0a1f-0123456789abcdef0', 'aws:ssm:TargetId': 'i-0a1f5c2e9b7d30001' };

before(async () => {
  emu = await startEmulator({ agent: new RecordingAgent() });
  creds = await computeCredentials(emu, 'arena-linux-sdk5', 'i-0a1f5c2e9b7d30001');
  key = emu.kms.createKey('us-west-2', emu.scenario.managedAccountId, 'alias/session-test');
});
after(() => emu.close());

describe('GenerateDataKey and Decrypt over the wire', () => {
  test('a 64-byte data key round-trips with the same encryption context', async () => {
    const client = kms(emu, creds);
    const generated = await client.send(new GenerateDataKeyCommand({ KeyId: key.arn, NumberOfBytes: 64, EncryptionContext: context }));
    assert.equal(generated.Plaintext?.length, 64);
    assert.equal(generated.KeyId, key.arn);
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { ...context } }));
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(generated.Plaintext!));
    assert.equal(decrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
  });

  test('any other context is InvalidCiphertextException', async () => {
    const client = kms(emu, creds);
    const generated = await client.send(new GenerateDataKeyCommand({ KeyId: 'alias/session-test', NumberOfBytes: 64, EncryptionContext: context }));
    for (const other of [{}, { ...context, 'aws:ssm:TargetId': 'i-0other' }, { ...context, extra: 'x' }]) {
      const error = await failure(client.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: other })));
      assert.equal(error.name, 'InvalidCiphertextException');
      assert.equal(error.$metadata?.httpStatusCode, 400);
    }
  });

  test('the agent’s in-process decrypt opens what the client generated', async () => {
    const generated = await kms(emu, creds).send(new GenerateDataKeyCommand({ KeyId: key.keyId, NumberOfBytes: 64, EncryptionContext: context }));
    const opened = emu.kms.decrypt(Buffer.from(generated.CiphertextBlob!), context);
    assert.deepEqual(opened.plaintext, Buffer.from(generated.Plaintext!));
    assert.equal(opened.key.arn, key.arn);
  });

  test('refuses the account’s own principal (the key belongs to GameLift’s managed account)', async () => {
    const error = await failure(kms(emu, emu.credentials).send(new GenerateDataKeyCommand({ KeyId: key.arn, NumberOfBytes: 64 })));
    assert.equal(error.name, 'AccessDeniedException');
  });

  test('unknown keys, keys of another Region and a missing size are errors', async () => {
    const client = kms(emu, creds);
    assert.equal((await failure(client.send(new GenerateDataKeyCommand({ KeyId: 'alias/nope', NumberOfBytes: 64 })))).name, 'NotFoundException');
    const east = emu.kms.createKey('us-east-1', emu.scenario.managedAccountId);
    assert.equal((await failure(client.send(new GenerateDataKeyCommand({ KeyId: east.arn, NumberOfBytes: 64 })))).name, 'NotFoundException');
    assert.equal((await failure(client.send(new GenerateDataKeyCommand({ KeyId: key.arn })))).name, 'ValidationException');
    assert.equal((await failure(client.send(new GenerateDataKeyCommand({ KeyId: key.arn, NumberOfBytes: 1025 })))).name, 'ValidationException');
  });
});

describe('LocalKms', () => {
  test('a tampered blob or another instance’s blob does not open', () => {
    const local = new LocalKms();
    const k = local.createKey('us-west-2', '444455556666');
    const { ciphertextBlob } = local.generateDataKey(k, 32, context);
    const tampered = Buffer.from(ciphertextBlob);
    tampered[tampered.length - 1]! ^= 1;
    assert.throws(() => local.decrypt(tampered, context), { code: 'InvalidCiphertextException' });
    assert.throws(() => new LocalKms().decrypt(ciphertextBlob, context), { code: 'InvalidCiphertextException' });
  });

  test('context key order does not matter', () => {
    const local = new LocalKms();
    const k = local.createKey('us-west-2', '444455556666');
    const { plaintext, ciphertextBlob } = local.generateDataKey(k, 16, { a: '1', b: '2' });
    assert.deepEqual(local.decrypt(ciphertextBlob, { b: '2', a: '1' }).plaintext, plaintext);
  });
});
