// One Content Security Policy: the meta tag in renderer/index.html (web mode, and the first line
// of defence in Electron) says exactly what the servers send as a header.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../main/daemon/web/csp';

const html = readFileSync('renderer/index.html', 'utf8');
const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

test('index.html carries the same policy as the servers', () => {
  assert.equal(meta, CONTENT_SECURITY_POLICY);
  assert.ok(SECURITY_HEADERS['Content-Security-Policy']?.startsWith(CONTENT_SECURITY_POLICY));
});

test('the policy: scripts from the bundle only, no eval, sockets to loopback only', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'", 'ws://127.0.0.1:*']);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe-eval'));
});
