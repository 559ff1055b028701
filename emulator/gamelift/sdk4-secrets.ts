// The secrets GetInstanceAccess hands out for server SDK 4 fleets: one RSA key pair per Linux
// fleet (PKCS#1 PEM, as EC2 key pairs are) and a password per Windows fleet. Tests supply their own
// so a real sshd or RDP server accepts them; otherwise they are generated once per fleet.
import { generateKeyPairSync, randomBytes, createPublicKey } from 'node:crypto';

export interface Sdk4SecretOptions {
  /** PKCS#1 PEM private key used for every SDK 4 Linux fleet. */
  linuxPrivateKeyPem?: string;
  /** Password used for every SDK 4 Windows fleet. */
  windowsPassword?: string;
}

export class Sdk4Secrets {
  private readonly keys = new Map<string, string>();
  private readonly passwords = new Map<string, string>();

  constructor(private readonly options: Sdk4SecretOptions = {}) {}

  privateKeyPem(fleetId: string): string {
    let pem = this.options.linuxPrivateKeyPem ?? this.keys.get(fleetId);
    if (!pem) {
      pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      this.keys.set(fleetId, pem);
    }
    return pem;
  }

  /** The OpenSSH public key line for a fleet's key (for an authorized_keys file). */
  publicKeyOpenSsh(fleetId: string): string {
    const jwk = createPublicKey(this.privateKeyPem(fleetId)).export({ format: 'jwk' });
    const mpint = (b64url: string) => {
      let bytes = Buffer.from(b64url, 'base64url');
      if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
      return bytes;
    };
    const field = (b: Buffer) => Buffer.concat([u32(b.length), b]);
    const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), field(mpint(jwk.e!)), field(mpint(jwk.n!))]);
    return `ssh-rsa ${blob.toString('base64')} gamelift-${fleetId}`;
  }

  password(fleetId: string): string {
    let password = this.options.windowsPassword ?? this.passwords.get(fleetId);
    if (!password) {
      // Mixed character classes, like the complex passwords Windows requires.
      password = `Gl${randomBytes(12).toString('base64url')}7!`;
      this.passwords.set(fleetId, password);
    }
    return password;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
