// PKCE (RFC 7636) for the authorization-code sign-in: a random code verifier that never leaves the
// daemon except in the CreateToken call, its S256 challenge for the authorize URL, and a random
// state the redirect must bring back.
import { createHash, randomBytes } from 'node:crypto';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** 64 characters from the unreserved set, as the AWS CLI makes them (the RFC allows 43 to 128). */
export function codeVerifier(length = 64): string {
  if (length < 43 || length > 128) throw new RangeError('a PKCE code verifier has 43 to 128 characters');
  // Bytes past the largest multiple of the alphabet are skipped, so every character is equally likely.
  const limit = 256 - (256 % UNRESERVED.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += UNRESERVED[byte % UNRESERVED.length];
    }
  }
  return out;
}

/** BASE64URL(SHA256(verifier)) without padding. */
export const codeChallenge = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

export const newState = (): string => randomBytes(16).toString('hex');
