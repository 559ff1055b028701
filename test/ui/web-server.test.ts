// The web-mode static server (main/daemon/web/): built files only, with their content types and
// the security headers; no traversal however it is spelled; foreign Host headers and other
// methods refused. Plain HTTP against a real server on a temp directory.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../main/daemon/web/csp';
import { resolveBuiltFile } from '../../main/daemon/web/static-files';
import { rendererHandler } from '../../main/daemon/web/web-server';

let base: string;
let root: string;
let server: Server;
let port: number;

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'web-server-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
  server = createServer(rendererHandler(root));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  if (server) await new Promise((done) => server.close(done));
  rmSync(base, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the built files with their types and the security headers', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.headers['content-security-policy'], `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['x-frame-options'], 'DENY');
  assert.equal(index.headers['referrer-policy'], 'no-referrer');
  assert.equal((await get('/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/assets/app.css?v=1')).headers['content-type'], 'text/css; charset=utf-8');
  const head = await get('/index.html', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('no traversal, no dotfiles, no directories', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.env', '/assets', '/assets/', '/%00', '/%E0%A4%A']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.ok(!res.body.includes('outside the root') && !res.body.includes('SECRET'), path);
  }
  assert.equal(resolveBuiltFile(root, '/assets/app.js'), join(root, 'assets', 'app.js'));
  assert.equal(resolveBuiltFile(root, '/x.exe'), null, 'only types the renderer ships');
});

test('foreign Host headers are refused (DNS rebinding)', async () => {
  assert.equal((await get('/', { host: 'evil.example' })).status, 421);
  assert.equal((await get('/', { host: `evil.example:${port}` })).status, 421);
  assert.equal((await get('/', { host: `127.0.0.1:${port + 1}` })).status, 421);
  assert.equal((await get('/', { host: `localhost:${port}` })).status, 200);
});

test('only GET and HEAD', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const res = await get('/index.html', {}, method);
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD');
  }
});
