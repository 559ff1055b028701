import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignInUrl } from '../../../../main/daemon/identity/sso/sign-in-url';

describe('isSignInUrl', () => {
  const real = 'https://oidc.us-east-1.amazonaws.com';
  it('admits the OIDC endpoint\'s own pages and AWS sign-in hosts', () => {
    assert.equal(isSignInUrl('https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=x', real), true);
    assert.equal(isSignInUrl('https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH', real), true);
    assert.equal(isSignInUrl('https://d-1234567890.awsapps.com/start/#/device?user_code=ABCD-EFGH', real), true);
    assert.equal(isSignInUrl('https://device.sso.cn-north-1.amazonaws.com.cn/', real), true);
    // An endpoint override (the emulator, a proxy): its own origin, http on loopback included.
    assert.equal(isSignInUrl('http://127.0.0.1:4567/device?user_code=X', 'http://127.0.0.1:4567'), true);
  });
  it('refuses anything else', () => {
    for (const url of [
      'http://device.sso.us-east-1.amazonaws.com/',
      'https://amazonaws.com.evil.example/',
      'https://evil.example/?x=.amazonaws.com',
      'https://user:pw@device.sso.us-east-1.amazonaws.com/',
      'https://device.sso.us-east-1.amazonaws.com/ x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://127.0.0.1:9999/device',
      'not a url',
    ]) assert.equal(isSignInUrl(url, 'http://127.0.0.1:4567'), false, url);
  });
});
