import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { codeChallenge, codeVerifier, newState } from '../../../../main/daemon/identity/sso/pkce';

describe('PKCE', () => {
  it('makes verifiers of unreserved characters, 64 long by default, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = codeVerifier();
      assert.match(v, /^[A-Za-z0-9\-._~]{64}$/);
      seen.add(v);
    }
    assert.equal(seen.size, 200);
    assert.equal(codeVerifier(43).length, 43);
    assert.equal(codeVerifier(128).length, 128);
    assert.throws(() => codeVerifier(42), RangeError);
    assert.throws(() => codeVerifier(129), RangeError);
  });

  it('S256: base64url of the SHA-256, unpadded (RFC 7636 appendix B)', () => {
    assert.equal(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const v = codeVerifier();
    assert.equal(codeChallenge(v), createHash('sha256').update(v).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  });

  it('makes states that differ', () => {
    assert.notEqual(newState(), newState());
    assert.match(newState(), /^[0-9a-f]{32}$/);
  });
});
