// A local stand-in for the KMS keys that protect Session Manager data channels: each key has its
// own master secret, and data keys are sealed under it with AES-256-GCM, binding the encryption
// context as additional authenticated data, so Decrypt with any other context fails as KMS's does.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../core/aws-error';

export interface KmsKey {
  keyId: string;
  arn: string;
  region: string;
  accountId: string;
}

const MAGIC = Buffer.from('GLK1');
const KEY_ID_BYTES = 36; // a UUID
const IV_BYTES = 12;
const TAG_BYTES = 16;

const invalidCiphertext = () => new AwsError('InvalidCiphertextException', '');

/** Context as canonical bytes: order of keys must not matter, every pair must. */
const contextAad = (context: Record<string, string>) =>
  Buffer.from(JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]])));

export class LocalKms {
  private readonly keys = new Map<string, { key: KmsKey; secret: Buffer }>();
  private readonly aliases = new Map<string, string>();

  /** Creates a symmetric key in `region` owned by `accountId`, optionally under an alias. */
  createKey(region: string, accountId: string, alias?: string): KmsKey {
    const keyId = randomUUID();
    const key = { keyId, arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`, region, accountId };
    this.keys.set(keyId, { key, secret: randomBytes(32) });
    if (alias) this.aliases.set(`${region}/${alias}`, keyId);
    return key;
  }

  /** Resolves a key ID, key ARN, alias name or alias ARN as KMS does; undefined when unknown. */
  findKey(ref: string, region: string): KmsKey | undefined {
    let keyId = ref;
    const aliasArn = /^arn:aws:kms:([^:]+):\d{12}:(alias\/.+)$/.exec(ref);
    if (ref.startsWith('alias/')) keyId = this.aliases.get(`${region}/${ref}`) ?? '';
    else if (aliasArn) keyId = this.aliases.get(`${aliasArn[1]}/${aliasArn[2]}`) ?? '';
    else if (ref.startsWith('arn:')) keyId = ref.slice(ref.lastIndexOf('/') + 1);
    const entry = this.keys.get(keyId);
    if (!entry || entry.key.region !== region || (ref.startsWith('arn:aws:kms:') && !aliasArn && entry.key.arn !== ref)) return undefined;
    return entry.key;
  }

  /** A fresh data key, returned in plaintext and sealed under `key`. */
  generateDataKey(key: KmsKey, numberOfBytes: number, context: Record<string, string> = {}): { plaintext: Buffer; ciphertextBlob: Buffer } {
    const plaintext = randomBytes(numberOfBytes);
    return { plaintext, ciphertextBlob: this.seal(key, plaintext, context) };
  }

  /**
   * Opens a blob made by generateDataKey. The context must match exactly; a wrong context, a
   * tampered blob or an unknown key all fail with InvalidCiphertextException.
   */
  decrypt(ciphertextBlob: Buffer, context: Record<string, string> = {}): { key: KmsKey; plaintext: Buffer } {
    const headerLength = MAGIC.length + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;
    if (ciphertextBlob.length <= headerLength || !ciphertextBlob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalidCiphertext();
    let at = MAGIC.length;
    const keyId = ciphertextBlob.subarray(at, (at += KEY_ID_BYTES)).toString('latin1');
    const iv = ciphertextBlob.subarray(at, (at += IV_BYTES));
    const tag = ciphertextBlob.subarray(at, (at += TAG_BYTES));
    const entry = this.keys.get(keyId);
    if (!entry) throw invalidCiphertext();
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.secret, iv).setAAD(contextAad(context));
      decipher.setAuthTag(tag);
      return { key: entry.key, plaintext: Buffer.concat([decipher.update(ciphertextBlob.subarray(at)), decipher.final()]) };
    } catch {
      throw invalidCiphertext();
    }
  }

  private seal(key: KmsKey, plaintext: Buffer, context: Record<string, string>): Buffer {
    const entry = this.keys.get(key.keyId);
    if (!entry) throw new Error(`unknown key ${key.keyId}`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', entry.secret, iv).setAAD(contextAad(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([MAGIC, Buffer.from(key.keyId, 'latin1'), iv, cipher.getAuthTag(), sealed]);
  }
}
