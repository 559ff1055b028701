// The agent's half of KMS session encryption (docs/reference/ssm-data-channel.md §7): it encrypts
// with data-key bytes 0–31 and decrypts with 32–63. Its nonce is a 96-bit counter from a random
// start, incremented little-endian per message (receivers just read the first 12 bytes).
import { randomBytes } from 'node:crypto';
import { PayloadType } from '../../main/daemon/ssm/frame';
import { decryptPayload, encryptPayload, splitDataKey, type SessionKeys } from '../../main/daemon/ssm/session-cipher';

/** Agent→client payload types that travel encrypted; client→agent only Output does. */
export const AGENT_ENCRYPTED_TYPES: ReadonlySet<number> = new Set([PayloadType.Output, PayloadType.StdErr, PayloadType.ExitCode]);

export class AgentCipher {
  private readonly keys: SessionKeys;
  private readonly nonce = randomBytes(12);

  constructor(dataKey: Uint8Array) {
    this.keys = splitDataKey(dataKey, 'agent');
  }

  seal(plaintext: Uint8Array): Buffer {
    return encryptPayload(this.keys.encrypt, plaintext, this.nextNonce());
  }

  open(sealed: Uint8Array): Buffer {
    return decryptPayload(this.keys.decrypt, sealed);
  }

  private nextNonce(): Buffer {
    const current = Buffer.from(this.nonce);
    for (let i = 0; i < this.nonce.length; i++) {
      this.nonce[i] = (this.nonce[i]! + 1) & 0xff;
      if (this.nonce[i] !== 0) break;
    }
    return current;
  }
}
