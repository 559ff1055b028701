// The KMS endpoint (TrentService): GenerateDataKey and Decrypt, the two calls a Session Manager
// client makes for a KMS-encrypted session.
import { AwsError, accessDenied } from '../core/aws-error';
import type { CallContext, ServiceDefinition } from '../core/service-endpoint';
import { validate, type Shape } from '../core/validate';
import type { LocalKms, KmsKey } from './local-kms';

const EncryptionContext = { type: 'map', key: { type: 'string', min: 1, max: 2048 }, value: { type: 'string', min: 1, max: 2048 } } as const;
const GrantTokens = { type: 'list', max: 10, member: { type: 'string', min: 1, max: 8192 } } as const;

const generateDataKeyInput: Shape = {
  KeyId: { type: 'string', min: 1, max: 2048, required: true },
  EncryptionContext,
  NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
  KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
  GrantTokens,
  DryRun: { type: 'boolean' },
};

const decryptInput: Shape = {
  CiphertextBlob: { type: 'blob', min: 1, max: 6144, required: true },
  EncryptionContext,
  GrantTokens,
  KeyId: { type: 'string', min: 1, max: 2048 },
  EncryptionAlgorithm: { type: 'string', enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] },
  DryRun: { type: 'boolean' },
};

/** Only principals of the key's own account may use it (no cross-account grants are modelled). */
function authorize(ctx: CallContext, key: KmsKey, action: string): void {
  if (ctx.caller.accountId !== key.accountId) {
    throw accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: kms:${action} on resource: ${key.arn} because no resource-based policy allows the kms:${action} action`);
  }
}

export function kmsService(kms: LocalKms, regions: () => ReadonlySet<string>): ServiceDefinition {
  const requireKey = (ref: string, region: string) => {
    const key = kms.findKey(ref, region);
    if (!key) throw new AwsError('NotFoundException', ref.startsWith('arn:') ? `Invalid arn ${ref}` : `Invalid keyId ${ref}`);
    return key;
  };
  return {
    signingName: 'kms',
    targetPrefix: 'TrentService',
    regions,
    operations: {
      GenerateDataKey(input, ctx) {
        validate(input, generateDataKeyInput, 'ValidationException');
        const bytes = input.NumberOfBytes as number | undefined;
        const spec = input.KeySpec as string | undefined;
        if ((bytes === undefined) === (spec === undefined)) {
          throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
        }
        const key = requireKey(input.KeyId as string, ctx.region);
        authorize(ctx, key, 'GenerateDataKey');
        const { plaintext, ciphertextBlob } = kms.generateDataKey(key, bytes ?? (spec === 'AES_128' ? 16 : 32), (input.EncryptionContext as Record<string, string>) ?? {});
        return { CiphertextBlob: ciphertextBlob.toString('base64'), Plaintext: plaintext.toString('base64'), KeyId: key.arn };
      },

      Decrypt(input, ctx) {
        validate(input, decryptInput, 'ValidationException');
        const { key, plaintext } = kms.decrypt(Buffer.from(input.CiphertextBlob as string, 'base64'), (input.EncryptionContext as Record<string, string>) ?? {});
        if (key.region !== ctx.region) throw new AwsError('InvalidCiphertextException', '');
        authorize(ctx, key, 'Decrypt');
        if (input.KeyId !== undefined && kms.findKey(input.KeyId as string, ctx.region)?.keyId !== key.keyId) {
          throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
        }
        return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      },
    },
  };
}
